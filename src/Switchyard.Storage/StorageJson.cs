using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Storage;

/// <summary>How structured columns (bindings, annotations, configs, manifests) are written: snake_case, nulls omitted.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"stored JSON is null where a {typeof(T).Name} was expected");

    public static JsonElement? ReadElement(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);

    public static string? WriteElement(JsonElement? element) => element?.GetRawText();
}
