using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Switchyard.Edge.Assets;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// A version's static assets for the runtime: <c>env.ASSETS.fetch(request)</c> (the asset server alone: redirects,
/// <c>_headers</c>, the full not_found_handling) and dispatched requests (the edge's own routing, worker or assets),
/// answered as a <see cref="WorkerResponse"/> whose body streams the blob.
/// </summary>
public sealed class EdgeAssetsBinding(VersionCache versions, IBlobStore blobs, SmallBlobCache smallBlobs) : IAssetsBinding
{
    public Task<WorkerResponse> FetchAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        RespondAsync(versions.Get(version).Assets.RouteAssetsBinding(ToAssetRequest(request)), ct);

    public async Task<WorkerResponse?> ServeAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct)
    {
        var outcome = versions.Get(version).Assets.Route(ToAssetRequest(request));
        return outcome.Kind == AssetOutcomeKind.RunWorker ? null : await RespondAsync(outcome, ct);
    }

    private async Task<WorkerResponse> RespondAsync(AssetOutcome outcome, CancellationToken ct)
    {
        var headers = new HeaderDictionary();
        AssetResponseWriter.ApplyHeaders(outcome, headers);
        var list = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, values) in headers)
            foreach (var value in values)
                list.Add(new(name.ToLowerInvariant(), value ?? ""));

        var body = outcome.Kind == AssetOutcomeKind.Asset && !outcome.OmitBody && outcome.BodyLength > 0
            ? await OpenBodyAsync(outcome, ct)
            : null;
        return new WorkerResponse(outcome.StatusCode, ReasonPhrases.GetReasonPhrase(outcome.StatusCode), list, body);
    }

    private async Task<Stream> OpenBodyAsync(AssetOutcome outcome, CancellationToken ct)
    {
        var asset = outcome.Asset!;
        if (smallBlobs.Holds(asset.Size))
        {
            var bytes = await smallBlobs.GetAsync(asset.Stored.BlobKey, asset.Size, ct) ?? throw MissingBlob(asset);
            return new MemoryStream(bytes, (int)outcome.RangeStart, (int)outcome.BodyLength, writable: false);
        }
        var stream = blobs.OpenRead(asset.Stored.BlobKey) ?? throw MissingBlob(asset);
        if (outcome.RangeStart == 0 && outcome.BodyLength == asset.Size) return stream;
        stream.Seek(outcome.RangeStart, SeekOrigin.Begin);
        return new SliceStream(stream, outcome.BodyLength);
    }

    private static InvalidOperationException MissingBlob(AssetEntry asset) =>
        new($"Asset {asset.Path} names blob {asset.Stored.BlobKey}, which is missing or not {asset.Size} bytes long.");

    /// <summary>The request as the asset router sees it; the URL's path and query stay percent-encoded.</summary>
    internal static AssetRequest ToAssetRequest(WorkerRequest request)
    {
        var (host, path, query) = SplitUrl(request.Url);
        string? Header(string name)
        {
            string? found = null;
            foreach (var (key, value) in request.Headers)
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                    found = found is null ? value : found + ", " + value;
            return found;
        }
        return new AssetRequest(request.Method, path, query)
        {
            Host = host,
            IfNoneMatch = Header("If-None-Match"),
            Range = Header("Range"),
            IfRange = Header("If-Range"),
            HasAuthorization = Header("Authorization") is not null,
            SecFetchMode = Header("Sec-Fetch-Mode"),
        };
    }

    /// <summary>Host (no port), path and query of an absolute URL, split by hand because <see cref="Uri"/> would
    /// normalize the percent-encoding the rules match against.</summary>
    private static (string Host, string Path, string Query) SplitUrl(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = start < 0 ? 0 : start + 3;
        var slash = url.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = slash < 0 ? url[authorityStart..] : url[authorityStart..slash];
        var rest = slash < 0 ? "/" : url[slash..];
        if (rest.IndexOf('#') is var hash and >= 0) rest = rest[..hash];
        if (rest.Length == 0 || rest[0] != '/') rest = "/" + rest;
        var question = rest.IndexOf('?');
        var (path, query) = question < 0 ? (rest, "") : (rest[..question], rest[question..]);

        var host = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && host.IndexOf(']', colon) < 0) host = host[..colon];
        return (host, path, query);
    }
}
