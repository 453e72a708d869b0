namespace Switchyard.Storage.Scripts;

/// <summary>
/// How the edge serves a version's static assets (see platform-facts.md, "Static assets"). <see cref="Headers"/> and
/// <see cref="Redirects"/> are the <c>_headers</c> / <c>_redirects</c> file texts exactly as uploaded.
/// </summary>
public sealed record AssetsConfig(
    string HtmlHandling,
    string NotFoundHandling,
    bool RunWorkerFirst,
    IReadOnlyList<string> RunWorkerFirstRules,
    string? Headers,
    string? Redirects)
{
    public static readonly IReadOnlyList<string> HtmlHandlings =
        ["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"];

    public static readonly IReadOnlyList<string> NotFoundHandlings = ["none", "404-page", "single-page-application"];

    public static AssetsConfig Default { get; } = new("auto-trailing-slash", "none", false, [], null, null);
}

/// <summary>A version's assets: the manifest (a blob of <c>/path</c> → <see cref="Assets.StoredAsset"/> JSON) and its config.</summary>
public sealed record VersionAssets(string ManifestKey, AssetsConfig Config);
