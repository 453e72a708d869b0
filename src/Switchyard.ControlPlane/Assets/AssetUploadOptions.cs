namespace Switchyard.ControlPlane.Assets;

/// <summary>Limits and client hints of the asset upload flow. Defaults follow Cloudflare's paid tier.</summary>
public sealed record AssetUploadOptions
{
    /// <summary>Most files one manifest may list.</summary>
    public int MaxFiles { get; init; } = 20_000;

    /// <summary>Files must be smaller than this (25 MiB).</summary>
    public long MaxFileSize { get; init; } = 25L * 1024 * 1024;

    /// <summary>A bucket (one upload request) holds at most this many files…</summary>
    public int BucketMaxFiles { get; init; } = 10;

    /// <summary>…and at most this many raw bytes, unless a single file is larger (base64 makes requests a third bigger).</summary>
    public long BucketMaxBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest upload request body accepted, whatever the client's grouping of files.</summary>
    public long MaxUploadRequestBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Tells wrangler (JWT claim) to upload one raw file per request instead of base64 buckets.</summary>
    public bool SingleAssetUploads { get; init; }

    /// <summary>How many single-file uploads wrangler runs at once (JWT claim <c>edge_kv_upload_concurrency</c>).</summary>
    public int UploadConcurrency { get; init; } = 10;
}
