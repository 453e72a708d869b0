namespace Switchyard.Observability.Tracing;

/// <summary>
/// The request that started a fetch invocation, as a trace event shows it: method, URL, headers in order (sensitive
/// ones redacted when the event is written) and <c>request.cf</c> as a JSON object, when the edge supplied one.
/// </summary>
public sealed record TraceRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? CfJson)
{
    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }
}
