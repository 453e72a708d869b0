using Switchyard.Storage.Assets;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Groups the files a client still has to upload into buckets, one upload request each: at most
/// <see cref="AssetUploadOptions.BucketMaxFiles"/> files and <see cref="AssetUploadOptions.BucketMaxBytes"/> bytes,
/// except that a file larger than the byte budget travels alone. Packing follows manifest order, so it is deterministic.
/// </summary>
public static class UploadBuckets
{
    public static List<List<string>> Plan(IEnumerable<ManifestEntry> missing, AssetUploadOptions options)
    {
        var buckets = new List<List<string>>();
        List<string>? current = null;
        long bytes = 0;
        foreach (var file in missing)
        {
            if (current is null || current.Count == options.BucketMaxFiles || bytes + file.Size > options.BucketMaxBytes)
            {
                current = [];
                buckets.Add(current);
                bytes = 0;
            }
            current.Add(file.Hash);
            bytes += file.Size;
        }
        return buckets;
    }
}
