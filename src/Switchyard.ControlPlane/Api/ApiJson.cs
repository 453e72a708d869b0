using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.ControlPlane.Api;

/// <summary>The API's JSON conventions: snake_case properties, nulls omitted, dictionary keys untouched.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
