using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>Typed reads of optional JSON object members, failing with a 10021 message that names the field.</summary>
public sealed class JsonFields(JsonObject obj, string where)
{
    public string? String(string key) => obj[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Wrong(key, "a string"),
    };

    public bool? Bool(string key) => obj[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Wrong(key, "a boolean"),
    };

    public int? Int(string key, int min, int max)
    {
        if (obj[key] is null) return null;
        if (obj[key] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<decimal>(out var d) || d != decimal.Truncate(d))
            throw Wrong(key, "an integer");
        if (d < min || d > max) throw ScriptErrors.Invalid($"{Path(key)} must be between {min} and {max}; got {d}");
        return (int)d;
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        if (obj[key] is null) return null;
        if (obj[key] is not JsonArray array) throw Wrong(key, "an array of strings");
        return array.Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw ScriptErrors.Invalid($"{Path(key)}[{i}] must be a string")).ToList();
    }

    public JsonObject? Object(string key) => obj[key] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Wrong(key, "an object"),
    };

    public JsonArray? Array(string key) => obj[key] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw Wrong(key, "an array"),
    };

    /// <summary>The member as an element (for values stored as given); null when absent.</summary>
    public JsonElement? Element(string key) => obj.ContainsKey(key) ? JsonSerializer.SerializeToElement(obj[key]) : null;

    /// <summary>
    /// A setting stored as given: null when absent (leave it), a JSON null element when explicitly null (clear it),
    /// otherwise the value, which must be of <paramref name="kind"/> (Object or Array).
    /// </summary>
    public JsonElement? Setting(string key, JsonValueKind kind)
    {
        if (!obj.ContainsKey(key)) return null;
        _ = kind == JsonValueKind.Array ? (JsonNode?)Array(key) : Object(key);
        return Element(key);
    }

    public string Path(string key) => where.Length == 0 ? key : $"{where}.{key}";

    private Exception Wrong(string key, string expected) => ScriptErrors.Invalid($"{Path(key)} must be {expected}");
}
