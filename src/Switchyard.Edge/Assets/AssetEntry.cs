using Microsoft.Extensions.Primitives;
using Switchyard.Storage.Assets;

namespace Switchyard.Edge.Assets;

/// <summary>
/// One file of a manifest together with the header values every response for it carries, computed once when the
/// manifest is loaded so that serving it allocates nothing.
/// </summary>
public sealed class AssetEntry
{
    public AssetEntry(string path, StoredAsset stored)
    {
        Path = path;
        Stored = stored;
        ETag = new StringValues($"\"{stored.Hash}\"");
        WeakETag = $"W/\"{stored.Hash}\"";
        var contentType = ContentTypes.Resolve(stored.ContentType, path);
        ContentType = contentType is null ? StringValues.Empty : new StringValues(contentType);
    }

    /// <summary>The manifest key: a '/'-rooted, decoded path.</summary>
    public string Path { get; }

    public StoredAsset Stored { get; }

    public string Hash => Stored.Hash;

    public long Size => Stored.Size;

    /// <summary>The strong entity tag, <c>"&lt;hash&gt;"</c>.</summary>
    public StringValues ETag { get; }

    /// <summary>The same tag marked weak, <c>W/"&lt;hash&gt;"</c>, which If-None-Match also accepts.</summary>
    public string WeakETag { get; }

    /// <summary>The Content-Type to serve; empty when neither the upload nor the extension names one.</summary>
    public StringValues ContentType { get; }
}
