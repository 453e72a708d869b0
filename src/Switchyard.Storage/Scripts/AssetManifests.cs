using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;

namespace Switchyard.Storage.Scripts;

/// <summary>
/// A version's asset manifest (<c>/path</c> → <see cref="StoredAsset"/>) is one content-addressed JSON blob: versions
/// that keep their assets (secret changes, <c>keep_assets</c>) share it instead of copying thousands of rows.
/// </summary>
public static class AssetManifests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the manifest (sorted by path, so equal manifests share a blob) and returns its blob key.</summary>
    public static Task<string> WriteAsync(IBlobStore blobs, IReadOnlyDictionary<string, StoredAsset> manifest, CancellationToken ct = default)
    {
        var sorted = new SortedDictionary<string, StoredAsset>(manifest.ToDictionary(), StringComparer.Ordinal);
        return blobs.PutAsync(JsonSerializer.SerializeToUtf8Bytes(sorted, Json), ct);
    }

    public static async Task<IReadOnlyDictionary<string, StoredAsset>> ReadAsync(IBlobStore blobs, string key, CancellationToken ct = default)
    {
        var bytes = await blobs.ReadAllAsync(key, ct) ?? throw new InvalidDataException($"asset manifest blob {key} is missing");
        return JsonSerializer.Deserialize<Dictionary<string, StoredAsset>>(bytes, Json)
               ?? throw new InvalidDataException($"asset manifest blob {key} is empty");
    }
}
