using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// A script upload split into its metadata object and its files, whichever way it was encoded:
/// <list type="bullet">
/// <item>wrangler: a <c>metadata</c> part holding JSON, one part per module named (part and file name) by the module's path;</item>
/// <item>Cloudflare SDK default: bracketed <c>metadata[…]</c> fields and modules as <c>files[]</c> parts named by their file name;</item>
/// <item>a bare service-worker script (<c>application/javascript</c>, not multipart), as the oldest API accepted.</item>
/// </list>
/// </summary>
public sealed record UploadForm(JsonObject Metadata, IReadOnlyList<UploadedFile> Files)
{
    /// <summary>The part name a bare service-worker body gets.</summary>
    public const string BareScriptName = "worker.js";

    public static async Task<UploadForm> ReadAsync(HttpRequest request, string root, CancellationToken ct)
    {
        var body = await RequestBody.ReadBytesAsync(request, ScriptLimits.MaxUploadBytes, ct);
        var parts = await MultipartBody.TryParseAsync(body, request.ContentType, ct);
        if (parts is not null) return FromParts(parts, root);

        var media = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (root == "metadata" && media is ("application/javascript" or "text/javascript") && body.Length > 0)
            return new UploadForm(new JsonObject { ["body_part"] = BareScriptName },
                [new UploadedFile(BareScriptName, "application/javascript", body)]);
        throw ScriptErrors.Invalid($"Expected a multipart/form-data body with a '{root}' part, got Content-Type '{request.ContentType}'");
    }

    public static UploadForm FromParts(IReadOnlyList<FormPart> parts, string root)
    {
        var jsonParts = parts.Where(p => p.Name == root).ToList();
        var bracketed = parts.Where(p => BracketedFields.IsUnder(p.Name, root)).ToList();
        JsonObject metadata;
        if (jsonParts.Count > 1) throw ScriptErrors.Invalid($"The upload has {jsonParts.Count} '{root}' parts; expected one");
        if (jsonParts.Count == 1)
        {
            if (bracketed.Count > 0) throw ScriptErrors.Invalid($"The upload mixes a '{root}' JSON part with '{root}[…]' fields");
            metadata = ParseObject(jsonParts[0], root);
        }
        else if (bracketed.Count > 0)
            metadata = FormMetadata.Coerce(BracketedFields.Rebuild(root, bracketed.Select(p => (p.Name, p.Text))));
        else
            throw ScriptErrors.Invalid($"The upload has no '{root}' part; send the {root} as a JSON form field named '{root}'");

        var files = parts.Where(p => p.Name != root && !BracketedFields.IsUnder(p.Name, root)).Select(ToFile).ToList();
        return new UploadForm(metadata, files);
    }

    private static JsonObject ParseObject(FormPart part, string root)
    {
        try
        {
            return JsonNode.Parse(part.Data) as JsonObject
                   ?? throw ScriptErrors.Invalid($"The '{root}' part must hold a JSON object");
        }
        catch (JsonException e)
        {
            throw ScriptErrors.Invalid($"The '{root}' part is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// A module is named by its part's file name when it has one, else by the part's name, as on Cloudflare: wrangler
    /// sends both the same, the SDK's <c>files[]</c> parts have only the file name to go by, and Cloudflare's Direct
    /// Uploads example appends a File named <c>index.mjs</c> under the field <c>index.js</c> with main_module "index.mjs".
    /// </summary>
    private static UploadedFile ToFile(FormPart part)
    {
        var name = part.FileName is { Length: > 0 } fileName ? fileName
            : part.Name is "files[]" or "files" ? throw ScriptErrors.Invalid($"A '{part.Name}' part has no filename to name the module by")
            : part.Name;
        return new UploadedFile(name, part.ContentType, part.Data, part.Name);
    }
}

/// <summary>
/// A module (or source map) as uploaded, before validation; <see cref="PartName"/> is the form field it came in, which
/// a service worker's wasm_module, text_blob and data_blob bindings name it by.
/// </summary>
public sealed record UploadedFile(string Name, string? ContentType, byte[] Data, string? PartName = null);
