namespace Switchyard.Edge.Assets;

/// <summary>
/// Decides how the edge answers a request for a deployment with static assets, following Cloudflare's routing:
/// <list type="number">
/// <item><c>run_worker_first</c> (only with a worker): true, or a matching positive rule, hands the request to the
/// worker; a matching negative rule keeps it with the asset server even when no file matches.</item>
/// <item><c>_redirects</c>: the first matching rule redirects (keeping the query unless the destination has one) or,
/// with 200, rewrites the path looked up.</item>
/// <item>html_handling finds the file (or the canonical URL to redirect to with 307); with no file,
/// not_found_handling answers — but with a worker, only for navigation requests, and otherwise the worker runs.</item>
/// <item>A matched file answers 405 to methods other than GET/HEAD, 304 to a matching If-None-Match, 206/416 to a
/// Range, else 200 (or 404 for a 404.html page).</item>
/// <item><c>_headers</c> edits every answer of the asset server, never a worker's response.</item>
/// </list>
/// One router serves one deployed version; it is immutable and thread-safe.
/// </summary>
public sealed class AssetRouter
{
    private readonly AssetResolver _resolver;

    public AssetRouter(AssetManifest manifest, AssetConfig config, bool hasWorker)
    {
        Manifest = manifest;
        Config = config;
        HasWorker = hasWorker;
        _resolver = new AssetResolver(manifest, config.HtmlHandling);
    }

    public AssetManifest Manifest { get; }

    public AssetConfig Config { get; }

    /// <summary>Whether the deployment has a worker script to fall back to (false: assets only).</summary>
    public bool HasWorker { get; }

    public AssetOutcome Route(in AssetRequest request)
    {
        var path = UrlPath.NormalizePath(request.Path);
        var workerFallback = false;
        if (HasWorker)
        {
            if (Config.RunWorkerFirst.Always) return AssetOutcome.RunWorker;
            switch (Config.RunWorkerFirst.Decide(path))
            {
                case RunWorkerFirstDecision.Worker: return AssetOutcome.RunWorker;
                case RunWorkerFirstDecision.Default: workerFallback = true; break;
            }
        }

        var outcome = ServeAssets(request, path, workerFallback);
        return outcome.Kind == AssetOutcomeKind.RunWorker
            ? outcome
            : outcome.WithHeaderEdits(Config.Headers.Match(request.Host, path));
    }

    /// <summary>
    /// What the worker's assets binding (<c>env.ASSETS.fetch(request)</c>) answers: the asset server alone, with
    /// <c>_redirects</c>, <c>_headers</c> and the full not_found_handling, never handing back to the worker.
    /// </summary>
    public AssetOutcome RouteAssetsBinding(in AssetRequest request)
    {
        var path = UrlPath.NormalizePath(request.Path);
        return ServeAssets(request, path, workerFallback: false).WithHeaderEdits(Config.Headers.Match(request.Host, path));
    }

    private AssetOutcome ServeAssets(in AssetRequest request, string path, bool workerFallback)
    {
        var query = UrlPath.NormalizeQuery(request.Query);
        var lookupPath = path;
        var rewritten = false;
        if (Config.Redirects.TryMatch(path, out var redirect))
        {
            if (redirect.Status != 200) return AssetOutcome.Redirect(redirect.Status, RedirectLocation(redirect.To, query));
            lookupPath = UrlPath.NormalizePath(RuleUrl.Split(redirect.To).Base);
            rewritten = true;
        }

        var decoded = UrlPath.Decode(lookupPath);
        // With a worker to fall back to, a miss goes to the worker unless the browser is navigating to a page.
        var notFound = workerFallback && !(Config.NavigationRequestsPreferAssets && request.IsNavigation)
            ? NotFoundHandling.None
            : Config.NotFoundHandling;
        var intent = _resolver.Resolve(decoded, notFound);
        if (!intent.Found)
            return workerFallback && !rewritten ? AssetOutcome.RunWorker : AssetOutcome.NotFound;

        var head = request.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
        if (!head && !request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)) return AssetOutcome.MethodNotAllowed;

        // Each file is served at one canonical, encodeURIComponent-style spelling; every other spelling redirects.
        var canonical = UrlPath.Encode(intent.Redirect ?? decoded);
        if (intent.Redirect is not null || canonical != lookupPath) return AssetOutcome.Redirect(307, canonical + query);

        var asset = intent.Asset!;
        var cacheControl = !request.HasAuthorization && request.Range is null;
        if (MatchesETag(request.IfNoneMatch, asset)) return AssetOutcome.NotModified(asset, cacheControl);

        if (intent.Status == 200 && request.Range is not null && RangeStillValid(request.IfRange, asset))
        {
            switch (ByteRange.Parse(request.Range, asset.Size, out var start, out var length))
            {
                case ByteRangeKind.Satisfiable: return AssetOutcome.Serve(asset, 206, start, length, head, cacheControl);
                case ByteRangeKind.Unsatisfiable: return AssetOutcome.RangeNotSatisfiable(asset);
            }
        }
        return AssetOutcome.Serve(asset, intent.Status, 0, asset.Size, head, cacheControl);
    }

    /// <summary>The Location for a <c>_redirects</c> destination: a relative one stays relative (normalized), and
    /// the request's query is kept unless the destination has its own.</summary>
    private static string RedirectLocation(string to, string requestQuery)
    {
        var (target, query, fragment) = RuleUrl.Split(to);
        if (!RuleUrl.HasScheme(target)) target = UrlPath.NormalizePath(target);
        else if (target.IndexOf('/', target.IndexOf("://", StringComparison.Ordinal) + 3) < 0) target += "/";
        return target + (query.Length > 1 ? query : requestQuery) + fragment;
    }

    /// <summary>If-None-Match names the asset's tag, strong or weak (also as one entry of a list).</summary>
    private static bool MatchesETag(string? ifNoneMatch, AssetEntry asset)
    {
        if (ifNoneMatch is null) return false;
        var strong = asset.ETag.ToString();
        foreach (var range in ifNoneMatch.AsSpan().Split(','))
        {
            var tag = ifNoneMatch.AsSpan()[range].Trim();
            if (tag.SequenceEqual(strong) || tag.SequenceEqual(asset.WeakETag)) return true;
        }
        return false;
    }

    /// <summary>If-Range: the range applies only while the asset still has the strong tag the client names.</summary>
    private static bool RangeStillValid(string? ifRange, AssetEntry asset) =>
        ifRange is null || ifRange.AsSpan().Trim().SequenceEqual(asset.ETag.ToString());
}
