using System.Text.Json.Serialization;

namespace Switchyard.ControlPlane.Api;

public sealed record ApiError(int Code, string Message);

/// <summary>Page-based (<c>page</c>, <c>per_page</c>, <c>total_count</c>) or cursor-based (<c>cursor</c>) list metadata.</summary>
public sealed record ResultInfo
{
    public int? Page { get; init; }
    public int? PerPage { get; init; }
    public int Count { get; init; }
    public int? TotalCount { get; init; }
    public int? TotalPages { get; init; }
    public string? Cursor { get; init; }
}

/// <summary>The JSON envelope every control-plane response (except raw KV values) is wrapped in.</summary>
public sealed record ApiEnvelope(bool Success, IReadOnlyList<ApiError> Errors, IReadOnlyList<object> Messages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Result)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResultInfo? ResultInfo { get; init; }
}
