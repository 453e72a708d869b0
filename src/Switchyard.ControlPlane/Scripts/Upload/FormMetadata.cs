using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// Restores the types of metadata fields that arrive as strings from the SDK's bracketed form encoding: booleans
/// and numbers at the paths the metadata schema gives those types. Values that are not valid for the type stay
/// strings, so validation still reports them precisely.
/// </summary>
public static class FormMetadata
{
    private static readonly string[][] BooleanPaths =
    [
        ["keep_assets"], ["logpush"], ["observability", "enabled"], ["observability", "logs", "enabled"],
        ["observability", "logs", "invocation_logs"], ["observability", "logs", "persist"], ["observability", "traces", "enabled"],
        ["assets", "config", "run_worker_first"], ["assets", "config", "serve_directly"],
    ];

    private static readonly string[][] NumberPaths =
    [
        ["limits", "cpu_ms"], ["observability", "head_sampling_rate"], ["observability", "logs", "head_sampling_rate"],
        ["observability", "traces", "head_sampling_rate"],
    ];

    public static JsonObject Coerce(JsonObject metadata)
    {
        foreach (var path in BooleanPaths)
            Replace(metadata, path, s => s is "true" or "false" ? JsonValue.Create(s == "true") : null);
        foreach (var path in NumberPaths)
            Replace(metadata, path, JsonNumber);
        return metadata;
    }

    /// <summary>The text as a JSON number (so it reads back as any numeric type, like one from a JSON body), or null.</summary>
    private static JsonNode? JsonNumber(string text)
    {
        try { return JsonNode.Parse(text) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v : null; }
        catch (JsonException) { return null; }
    }

    private static void Replace(JsonObject root, string[] path, Func<string, JsonNode?> convert)
    {
        JsonObject? parent = root;
        foreach (var key in path[..^1]) parent = parent?[key] as JsonObject;
        if (parent?[path[^1]] is JsonValue value && value.TryGetValue<string>(out var text) && convert(text) is { } converted)
            parent[path[^1]] = converted;
    }
}
