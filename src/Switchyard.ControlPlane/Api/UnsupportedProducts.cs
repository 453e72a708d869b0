using System.Text.RegularExpressions;

namespace Switchyard.ControlPlane.Api;

/// <summary>
/// Cloudflare products a client may call that Switchyard does not implement. Their paths get the unknown-route answer
/// clients expect (404, 7003) with a message that says so, instead of a bare "Could not route".
/// </summary>
public static partial class UnsupportedProducts
{
    private static readonly (string Segment, string Product)[] Products =
    [
        ("r2", "R2"), ("d1", "D1"), ("queues", "Queues"), ("workers/durable_objects", "Durable Objects"),
        ("workflows", "Workflows"), ("pages", "Pages"), ("ai", "Workers AI"), ("vectorize", "Vectorize"),
        ("hyperdrive", "Hyperdrive"), ("images", "Images"), ("stream", "Stream"), ("browser-rendering", "Browser Rendering"),
        ("workers/containers", "Containers"), ("containers", "Containers"), ("secrets_store", "Secrets Store"),
        ("analytics_engine", "Workers Analytics Engine"),
    ];

    /// <summary>The message for a path under an unsupported product, or null for any other path.</summary>
    public static string? Message(PathString path)
    {
        var match = AccountPath().Match(path.Value ?? "");
        if (!match.Success) return null;
        string rest = match.Groups[1].Value;
        foreach (var (segment, product) in Products)
            if (rest == segment || rest.StartsWith(segment + "/", StringComparison.Ordinal))
                return $"{product} is not supported by Switchyard, which implements Workers, Workers for Platforms, static "
                    + "assets and KV; this request was for " + path + ".";
        return null;
    }

    [GeneratedRegex("^/client/v4/accounts/[^/]+/(.+)$")]
    private static partial Regex AccountPath();
}
