using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Assets;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// The <c>{"manifest":{"/path":{"hash","size"}}}</c> body of an upload session, validated in full before anything is
/// stored: rooted, normalised paths (they become URLs), 32-hex hashes, sizes under the file limit, a bounded count,
/// and one size per hash (wrangler's hash covers the content, so one hash cannot have two sizes).
/// </summary>
public static class UploadManifest
{
    /// <summary>The manifest in ordinal path order, or an <see cref="ApiException"/> (400) naming the first problem.</summary>
    public static IReadOnlyDictionary<string, ManifestEntry> Parse(ReadOnlySpan<byte> body, AssetUploadOptions limits)
    {
        using var document = ParseJson(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("manifest", out var files))
            throw AssetErrors.Invalid("The request body must be a JSON object with a \"manifest\" property");
        if (files.ValueKind != JsonValueKind.Object)
            throw AssetErrors.Invalid("\"manifest\" must be an object mapping file paths to {hash, size}");

        var manifest = new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var sizeOfHash = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in files.EnumerateObject())
        {
            if (manifest.Count == limits.MaxFiles)
                throw AssetErrors.Invalid($"The manifest lists more than {limits.MaxFiles} files");
            if (PathProblem(file.Name) is { } problem)
                throw AssetErrors.Invalid($"Invalid asset path \"{file.Name}\": {problem}");
            var entry = ParseEntry(file.Name, file.Value, limits);
            if (!manifest.TryAdd(file.Name, entry))
                throw AssetErrors.Invalid($"The manifest lists \"{file.Name}\" twice");
            if (sizeOfHash.TryGetValue(entry.Hash, out var size) && size != entry.Size)
                throw AssetErrors.Invalid($"Hash {entry.Hash} is listed with two sizes ({size} and {entry.Size} bytes)");
            sizeOfHash[entry.Hash] = entry.Size;
        }
        return manifest;
    }

    /// <summary>Why <paramref name="path"/> is not an acceptable asset path, or null when it is.</summary>
    public static string? PathProblem(string path)
    {
        if (!path.StartsWith('/')) return "it must start with '/'";
        if (path.Contains('\\')) return "it must use '/' separators, not backslashes";
        if (path.Contains('\0')) return "it contains a NUL character";
        if (path.EndsWith('/')) return "it names a directory, not a file";
        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0) return "it contains an empty segment ('//')";
            if (segment is "." or "..") return $"it contains a '{segment}' segment";
        }
        return null;
    }

    public static bool IsHash(string? value) =>
        value is { Length: 32 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>A digest of the manifest's content, bound into completion tokens.</summary>
    public static string Digest(IReadOnlyDictionary<string, ManifestEntry> manifest)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, entry) in manifest.OrderBy(e => e.Key, StringComparer.Ordinal))
            sha.AppendData(Encoding.UTF8.GetBytes($"{path}\0{entry.Hash}\0{entry.Size}\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static ManifestEntry ParseEntry(string path, JsonElement value, AssetUploadOptions limits)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw AssetErrors.Invalid($"The manifest entry for \"{path}\" must be an object {{hash, size}}");
        if (!value.TryGetProperty("hash", out var hash) || hash.ValueKind != JsonValueKind.String || !IsHash(hash.GetString()))
            throw AssetErrors.Invalid($"The manifest entry for \"{path}\" needs a \"hash\" of 32 lower-case hex characters");
        if (!value.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
            throw AssetErrors.Invalid($"The manifest entry for \"{path}\" needs a \"size\" that is a whole number of bytes");
        if (bytes >= limits.MaxFileSize)
            throw AssetErrors.Invalid($"\"{path}\" is {bytes} bytes; asset files must be smaller than {limits.MaxFileSize} bytes");
        return new ManifestEntry(hash.GetString()!, bytes);
    }

    private static JsonDocument ParseJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw ApiException.BadRequest(10026, "The request body is empty; expected a JSON object with a \"manifest\"");
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(10026, $"Could not parse the request body as JSON: {e.Message}");
        }
    }
}
