namespace Switchyard.Edge.Assets;

public enum AssetOutcomeKind
{
    /// <summary>Serve <see cref="AssetOutcome.Asset"/>: 200, 206 (a range of it) or 404 (a 404.html page).</summary>
    Asset,
    /// <summary>304: the client's If-None-Match names this asset.</summary>
    NotModified,
    /// <summary>A redirect to <see cref="AssetOutcome.Location"/> (html_handling 307 or a <c>_redirects</c> rule).</summary>
    Redirect,
    /// <summary>416: the Range lies outside the asset.</summary>
    RangeNotSatisfiable,
    /// <summary>405: a file matched but the method is not GET or HEAD.</summary>
    MethodNotAllowed,
    /// <summary>404 with an empty body: nothing matched and there is no worker to ask.</summary>
    NotFound,
    /// <summary>The worker handles the request; nothing of the asset server applies to its response.</summary>
    RunWorker,
}

/// <summary>
/// The asset router's decision for one request: everything <see cref="AssetResponseWriter"/> needs to answer it
/// (status, asset and byte range, header edits from <c>_headers</c>), or <see cref="AssetOutcomeKind.RunWorker"/>.
/// </summary>
public readonly struct AssetOutcome
{
    private AssetOutcome(AssetOutcomeKind kind, int statusCode, AssetEntry? asset = null, string? location = null,
        long rangeStart = 0, long bodyLength = 0, bool omitBody = true, bool cacheControl = false,
        IReadOnlyList<HeaderEdit>? headerEdits = null)
    {
        Kind = kind;
        StatusCode = statusCode;
        Asset = asset;
        Location = location;
        RangeStart = rangeStart;
        BodyLength = bodyLength;
        OmitBody = omitBody;
        CacheControl = cacheControl;
        HeaderEdits = headerEdits;
    }

    public AssetOutcomeKind Kind { get; }

    /// <summary>The HTTP status to answer with (0 for <see cref="AssetOutcomeKind.RunWorker"/>).</summary>
    public int StatusCode { get; }

    /// <summary>The file served (or named by a 304/416).</summary>
    public AssetEntry? Asset { get; }

    /// <summary>The Location of a redirect.</summary>
    public string? Location { get; }

    /// <summary>First byte of the body within the asset (non-zero only for 206).</summary>
    public long RangeStart { get; }

    /// <summary>Number of body bytes (the Content-Length), also for HEAD.</summary>
    public long BodyLength { get; }

    /// <summary>True when no body bytes are sent: HEAD, and every outcome but a served asset.</summary>
    public bool OmitBody { get; }

    /// <summary>Whether to send <c>Cache-Control: public, max-age=0, must-revalidate</c> (not when the request had
    /// Authorization or Range).</summary>
    public bool CacheControl { get; }

    /// <summary>What matching <c>_headers</c> rules do to the response, applied after the defaults; null for none.</summary>
    public IReadOnlyList<HeaderEdit>? HeaderEdits { get; }

    public static AssetOutcome RunWorker { get; } = new(AssetOutcomeKind.RunWorker, 0);

    internal static AssetOutcome Serve(AssetEntry asset, int status, long start, long length, bool head, bool cacheControl) =>
        new(AssetOutcomeKind.Asset, status, asset, rangeStart: start, bodyLength: length, omitBody: head,
            cacheControl: cacheControl);

    internal static AssetOutcome NotModified(AssetEntry asset, bool cacheControl) =>
        new(AssetOutcomeKind.NotModified, 304, asset, cacheControl: cacheControl);

    internal static AssetOutcome RangeNotSatisfiable(AssetEntry asset) =>
        new(AssetOutcomeKind.RangeNotSatisfiable, 416, asset);

    internal static AssetOutcome Redirect(int status, string location) =>
        new(AssetOutcomeKind.Redirect, status, location: location);

    internal static AssetOutcome MethodNotAllowed { get; } = new(AssetOutcomeKind.MethodNotAllowed, 405);

    internal static AssetOutcome NotFound { get; } = new(AssetOutcomeKind.NotFound, 404);

    internal AssetOutcome WithHeaderEdits(IReadOnlyList<HeaderEdit>? edits) =>
        edits is null ? this : new(Kind, StatusCode, Asset, Location, RangeStart, BodyLength, OmitBody, CacheControl, edits);

    public override string ToString() => Kind switch
    {
        AssetOutcomeKind.Asset => $"{StatusCode} {Asset!.Path}" + (StatusCode == 206 ? $" [{RangeStart}+{BodyLength}]" : ""),
        AssetOutcomeKind.Redirect => $"{StatusCode} -> {Location}",
        AssetOutcomeKind.NotModified or AssetOutcomeKind.RangeNotSatisfiable => $"{StatusCode} {Asset!.Path}",
        _ => Kind == AssetOutcomeKind.RunWorker ? "worker" : StatusCode.ToString(),
    };
}
