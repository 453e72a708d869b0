using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Switchyard.Storage.Blobs;

namespace Switchyard.Edge.Assets;

/// <summary>
/// Writes an <see cref="AssetOutcome"/> to an ASP.NET response: status, the default asset headers (ETag,
/// Content-Type, Cache-Control, Content-Length, Content-Range), then the <c>_headers</c> edits, then the body (only
/// the requested range; nothing for HEAD): small files from a <see cref="SmallBlobCache"/>, larger ones streamed from
/// the blob store without buffering. Create one per blob store and share it.
/// </summary>
public sealed class AssetResponseWriter(IBlobStore blobs, SmallBlobCache? cache)
{
    /// <summary>A writer with a default-sized cache of small blobs.</summary>
    public AssetResponseWriter(IBlobStore blobs) : this(blobs, new SmallBlobCache(blobs)) { }

    public const string DefaultCacheControl = "public, max-age=0, must-revalidate";
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>Answers the request. The outcome must not be <see cref="AssetOutcomeKind.RunWorker"/>.</summary>
    /// <exception cref="InvalidOperationException">The manifest names a blob the store does not have (a 500).</exception>
    public async Task WriteAsync(HttpResponse response, AssetOutcome outcome, CancellationToken ct = default)
    {
        if (outcome.Kind == AssetOutcomeKind.RunWorker)
            throw new InvalidOperationException("The worker answers this request, not the asset server.");

        if (outcome.Kind != AssetOutcomeKind.Asset || outcome.OmitBody || outcome.BodyLength == 0)
        {
            WriteHead(response, outcome);
            return;
        }

        // Fetch the blob before touching the response, so a missing blob can still become a clean 500.
        var asset = outcome.Asset!;
        if (cache is not null && cache.Holds(asset.Size))
        {
            var bytes = await cache.GetAsync(asset.Stored.BlobKey, asset.Size, ct) ?? throw MissingBlob(asset);
            WriteHead(response, outcome);
            await response.Body.WriteAsync(bytes.AsMemory((int)outcome.RangeStart, (int)outcome.BodyLength), ct);
            return;
        }

        await using var stream = blobs.OpenRead(asset.Stored.BlobKey) ?? throw MissingBlob(asset);
        WriteHead(response, outcome);
        if (stream is FileStream file)
        {
            await CopyFileAsync(file, response.BodyWriter, outcome.RangeStart, outcome.BodyLength, ct);
            return;
        }
        if (outcome.RangeStart > 0) stream.Seek(outcome.RangeStart, SeekOrigin.Begin);
        await CopyAsync(stream, response.Body, outcome.BodyLength, ct);
    }

    private static void WriteHead(HttpResponse response, in AssetOutcome outcome)
    {
        response.StatusCode = outcome.StatusCode;
        ApplyHeaders(outcome, response.Headers);
    }

    private static InvalidOperationException MissingBlob(AssetEntry asset) =>
        new($"Asset {asset.Path} names blob {asset.Stored.BlobKey}, which is missing or not {asset.Size} bytes long.");

    /// <summary>Sets the headers an outcome answers with (on a response, or any header dictionary in tests).</summary>
    public static void ApplyHeaders(in AssetOutcome outcome, IHeaderDictionary headers)
    {
        var asset = outcome.Asset;
        switch (outcome.Kind)
        {
            case AssetOutcomeKind.Asset:
                SetAssetHeaders(asset!, outcome.CacheControl, headers);
                headers.ContentLength = outcome.BodyLength;
                if (outcome.StatusCode == 206)
                    headers.ContentRange = $"bytes {outcome.RangeStart}-{outcome.RangeStart + outcome.BodyLength - 1}/{asset!.Size}";
                break;
            case AssetOutcomeKind.NotModified:
                SetAssetHeaders(asset!, outcome.CacheControl, headers);
                break;
            case AssetOutcomeKind.Redirect:
                headers.Location = outcome.Location;
                headers.ContentLength = 0;
                break;
            case AssetOutcomeKind.RangeNotSatisfiable:
                headers.ContentRange = $"bytes */{asset!.Size}";
                headers.ContentLength = 0;
                break;
            case AssetOutcomeKind.MethodNotAllowed:
                headers.Allow = "GET, HEAD";
                headers.ContentLength = 0;
                break;
            case AssetOutcomeKind.NotFound:
                headers.ContentLength = 0;
                break;
        }

        if (outcome.HeaderEdits is not { } edits) return;
        foreach (var edit in edits)
        {
            switch (edit.Kind)
            {
                case HeaderEditKind.Remove: headers.Remove(edit.Name); break;
                case HeaderEditKind.Replace: headers[edit.Name] = edit.Value; break;
                case HeaderEditKind.Append: headers.Append(edit.Name, edit.Value); break;
            }
        }
    }

    private static void SetAssetHeaders(AssetEntry asset, bool cacheControl, IHeaderDictionary headers)
    {
        headers.ETag = asset.ETag;
        if (asset.ContentType.Count > 0) headers.ContentType = asset.ContentType;
        if (cacheControl) headers.CacheControl = DefaultCacheControl;
    }

    /// <summary>
    /// Reads the file straight into the response's pipe, in place: Unix has no asynchronous file I/O, so a
    /// FileStream's ReadAsync hops to a pool thread for every chunk, and the blobs served are nearly always in the page
    /// cache. Also saves copying every chunk through a buffer of its own.
    /// </summary>
    private static async Task CopyFileAsync(FileStream file, PipeWriter pipe, long offset, long length, CancellationToken ct)
    {
        while (length > 0)
        {
            Memory<byte> chunk = pipe.GetMemory((int)Math.Min(length, CopyBufferSize));
            int read = RandomAccess.Read(file.SafeFileHandle, chunk.Span[..(int)Math.Min(length, chunk.Length)], offset);
            if (read == 0) throw new InvalidOperationException("Asset blob is shorter than its manifest entry says.");
            pipe.Advance(read);
            offset += read;
            length -= read;
            FlushResult flushed = await pipe.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }

    private static async Task CopyAsync(Stream source, Stream destination, long length, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, CopyBufferSize));
        try
        {
            while (length > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(length, buffer.Length)), ct);
                if (read == 0) throw new InvalidOperationException("Asset blob is shorter than its manifest entry says.");
                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                length -= read;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}
