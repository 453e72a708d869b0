using System.Text.Json;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Assets;

/// <summary>How HTML files are found and which spelling of their URL is canonical (Cloudflare's html_handling).</summary>
public enum HtmlHandling
{
    /// <summary><c>/file</c> serves file.html, <c>/folder/</c> serves folder/index.html; other spellings redirect.</summary>
    AutoTrailingSlash,
    /// <summary><c>/file/</c> and <c>/folder/</c> serve; other spellings redirect there.</summary>
    ForceTrailingSlash,
    /// <summary><c>/file</c> and <c>/folder</c> serve; other spellings redirect there.</summary>
    DropTrailingSlash,
    /// <summary>Only exact paths serve; nothing redirects.</summary>
    None,
}

/// <summary>What the asset server answers when no file matches (Cloudflare's not_found_handling).</summary>
public enum NotFoundHandling
{
    /// <summary>An empty 404, or the worker when there is one.</summary>
    None,
    /// <summary>The nearest ancestor <c>404.html</c>, with status 404.</summary>
    NotFoundPage,
    /// <summary><c>/index.html</c> with status 200 (with a worker: for navigation requests only).</summary>
    SinglePageApplication,
}

/// <summary>
/// The routing configuration of one deployed version's assets: <c>metadata.assets.config</c> of a script upload,
/// parsed and compiled. Immutable; build it once per version (with <see cref="Parse"/>) and share it.
/// </summary>
public sealed class AssetConfig
{
    public static AssetConfig Default { get; } = new();

    public HtmlHandling HtmlHandling { get; init; } = HtmlHandling.AutoTrailingSlash;

    public NotFoundHandling NotFoundHandling { get; init; } = NotFoundHandling.None;

    public RunWorkerFirst RunWorkerFirst { get; init; } = RunWorkerFirst.Never;

    public RedirectRules Redirects { get; init; } = RedirectRules.Empty;

    public HeaderRules Headers { get; init; } = HeaderRules.Empty;

    /// <summary>
    /// With a worker, whether navigation requests (<c>Sec-Fetch-Mode: navigate</c>) that match no file get the
    /// not_found_handling answer instead of the worker. Cloudflare turns this on from compatibility date
    /// 2025-04-01 (flag <c>assets_navigation_prefers_asset_serving</c>); see <see cref="NavigationPrefersAssetServing"/>.
    /// </summary>
    public bool NavigationRequestsPreferAssets { get; init; } = true;

    /// <summary>
    /// Reads <c>assets.config</c> (<c>html_handling</c>, <c>not_found_handling</c>, <c>run_worker_first</c>,
    /// <c>_redirects</c>, <c>_headers</c>; other keys are ignored). <see cref="AssetConfigParse.Errors"/> are values
    /// Cloudflare refuses (the setting falls back to its default); <see cref="AssetConfigParse.Warnings"/> are
    /// skipped lines of the two rule files, which Cloudflare accepts and ignores.
    /// </summary>
    public static AssetConfigParse Parse(JsonElement? config, bool navigationRequestsPreferAssets = true)
    {
        var errors = new List<AssetConfigIssue>();
        var warnings = new List<AssetConfigIssue>();
        if (config is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } element &&
            element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new AssetConfigIssue("config", null, "must be an object"));
            config = null;
        }

        var html = ReadEnum(config, "html_handling", HtmlHandling.AutoTrailingSlash, errors,
            ("auto-trailing-slash", HtmlHandling.AutoTrailingSlash), ("force-trailing-slash", HtmlHandling.ForceTrailingSlash),
            ("drop-trailing-slash", HtmlHandling.DropTrailingSlash), ("none", HtmlHandling.None));
        var notFound = ReadEnum(config, "not_found_handling", NotFoundHandling.None, errors,
            ("none", NotFoundHandling.None), ("404-page", NotFoundHandling.NotFoundPage),
            ("single-page-application", NotFoundHandling.SinglePageApplication));

        return new AssetConfigParse(new AssetConfig
        {
            HtmlHandling = html,
            NotFoundHandling = notFound,
            RunWorkerFirst = ReadRunWorkerFirst(config, errors),
            Redirects = RedirectRules.Parse(ReadText(config, "_redirects", errors), html, warnings),
            Headers = HeaderRules.Parse(ReadText(config, "_headers", errors), warnings),
            NavigationRequestsPreferAssets = navigationRequestsPreferAssets,
        }, errors, warnings);
    }

    /// <summary>
    /// Compiles a deployed version's stored config (already validated by the upload API, so a value it does not know
    /// falls back to the default and skipped rule lines are ignored).
    /// </summary>
    public static AssetConfig From(AssetsConfig stored, bool navigationRequestsPreferAssets = true)
    {
        var ignored = new List<AssetConfigIssue>();
        var html = stored.HtmlHandling switch
        {
            "force-trailing-slash" => HtmlHandling.ForceTrailingSlash,
            "drop-trailing-slash" => HtmlHandling.DropTrailingSlash,
            "none" => HtmlHandling.None,
            _ => HtmlHandling.AutoTrailingSlash,
        };
        return new AssetConfig
        {
            HtmlHandling = html,
            NotFoundHandling = stored.NotFoundHandling switch
            {
                "404-page" => NotFoundHandling.NotFoundPage,
                "single-page-application" => NotFoundHandling.SinglePageApplication,
                _ => NotFoundHandling.None,
            },
            RunWorkerFirst = stored.RunWorkerFirst ? RunWorkerFirst.AlwaysFirst
                : stored.RunWorkerFirstRules.Count > 0 ? RunWorkerFirst.FromRules(stored.RunWorkerFirstRules, ignored) ?? RunWorkerFirst.Never
                : RunWorkerFirst.Never,
            Redirects = RedirectRules.Parse(stored.Redirects, html, ignored),
            Headers = HeaderRules.Parse(stored.Headers, ignored),
            NavigationRequestsPreferAssets = navigationRequestsPreferAssets,
        };
    }

    /// <summary>Whether a worker with this compatibility date and these flags has
    /// <see cref="NavigationRequestsPreferAssets"/> on.</summary>
    public static bool NavigationPrefersAssetServing(string? compatibilityDate, IEnumerable<string> compatibilityFlags)
    {
        var flags = compatibilityFlags as ICollection<string> ?? [.. compatibilityFlags];
        if (flags.Contains("assets_navigation_has_no_effect")) return false;
        if (flags.Contains("assets_navigation_prefers_asset_serving")) return true;
        return string.CompareOrdinal(compatibilityDate ?? "", "2025-04-01") >= 0;
    }

    private static T ReadEnum<T>(JsonElement? config, string name, T fallback, List<AssetConfigIssue> errors,
        params (string Text, T Value)[] values)
    {
        if (!TryGet(config, name, out var value)) return fallback;
        if (value.ValueKind == JsonValueKind.String)
            foreach (var (text, parsed) in values)
                if (value.GetString() == text) return parsed;
        errors.Add(new AssetConfigIssue(name, null,
            $"must be one of {string.Join(", ", values.Select(v => $"\"{v.Text}\""))}, got {value.GetRawText()}"));
        return fallback;
    }

    private static RunWorkerFirst ReadRunWorkerFirst(JsonElement? config, List<AssetConfigIssue> errors)
    {
        if (!TryGet(config, "run_worker_first", out var value)) return RunWorkerFirst.Never;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return RunWorkerFirst.AlwaysFirst;
            case JsonValueKind.False: return RunWorkerFirst.Never;
            case JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                return RunWorkerFirst.FromRules([.. value.EnumerateArray().Select(e => e.GetString()!)], errors)
                       ?? RunWorkerFirst.Never;
            default:
                errors.Add(new AssetConfigIssue("run_worker_first", null, "must be a boolean or an array of strings"));
                return RunWorkerFirst.Never;
        }
    }

    private static string? ReadText(JsonElement? config, string name, List<AssetConfigIssue> errors)
    {
        if (!TryGet(config, name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add(new AssetConfigIssue(name, null, "must be a string holding the file's text"));
        return null;
    }

    private static bool TryGet(JsonElement? config, string name, out JsonElement value)
    {
        value = default;
        return config is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out value) &&
               value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }
}

/// <summary>The outcome of <see cref="AssetConfig.Parse"/>: the usable config and what was wrong with the input.</summary>
public sealed record AssetConfigParse(AssetConfig Config, IReadOnlyList<AssetConfigIssue> Errors,
    IReadOnlyList<AssetConfigIssue> Warnings);
