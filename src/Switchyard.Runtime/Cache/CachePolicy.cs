using System.Globalization;

namespace Switchyard.Runtime.Cache;

/// <summary>
/// How long <c>cache.put()</c> keeps a response, by the rules Cloudflare documents for the Cache API: Cache-Control
/// (<c>s-maxage</c>, then <c>max-age</c>; <c>no-store</c>, <c>no-cache</c> and <c>private</c> keep nothing), then
/// <c>Expires</c>, then Cloudflare's default edge TTL for the status (200/206/301: 120 min, 302/303: 20 min,
/// 404/410: 3 min, others nothing). A response with <c>Set-Cookie</c> is kept only under <c>private=Set-Cookie</c>,
/// and then without that header.
/// </summary>
public static class CachePolicy
{
    /// <summary>The time to keep the response, or null when it is not to be stored.</summary>
    public static TimeSpan? TimeToLive(int status, IReadOnlyList<KeyValuePair<string, string>> headers, DateTimeOffset now)
    {
        var directives = Directives(headers);
        if (directives.ContainsKey("no-store") || directives.ContainsKey("no-cache")) return null;
        if (directives.TryGetValue("private", out string? privateFields))
        {
            if (privateFields is null || !CookieIsPrivate(privateFields)) return null;
        }
        else if (Has(headers, "set-cookie")) return null;

        TimeSpan? ttl = Seconds(directives, "s-maxage") ?? Seconds(directives, "max-age");
        if (ttl is null && Value(headers, "expires") is { } expires)
        {
            if (!DateTimeOffset.TryParseExact(expires, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                return null;  // an invalid Expires means already expired (RFC 9111 §5.3)
            DateTimeOffset date = Value(headers, "date") is { } d
                && DateTimeOffset.TryParseExact(d, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset sent) ? sent : now;
            ttl = at - date;
        }
        ttl ??= status switch
        {
            200 or 206 or 301 => TimeSpan.FromMinutes(120),
            302 or 303 => TimeSpan.FromMinutes(20),
            404 or 410 => TimeSpan.FromMinutes(3),
            _ => null,
        };
        return ttl > TimeSpan.Zero ? ttl : null;
    }

    /// <summary>Whether <c>private=...</c> names only Set-Cookie, which Cloudflare then strips instead of refusing the response.</summary>
    private static bool CookieIsPrivate(string fields) =>
        fields.Trim('"').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(f => f.Equals("set-cookie", StringComparison.OrdinalIgnoreCase));

    /// <summary>The headers to store: without Set-Cookie (kept only under private=Set-Cookie).</summary>
    public static List<KeyValuePair<string, string>> Stored(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        [.. headers.Where(h => !h.Key.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))];

    private static Dictionary<string, string?> Directives(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var directives = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("cache-control", StringComparison.OrdinalIgnoreCase)) continue;
            // Split on commas outside quotes: private="set-cookie, x" is one directive.
            int start = 0;
            bool quoted = false;
            for (int i = 0; i <= value.Length; i++)
            {
                if (i < value.Length && value[i] == '"') quoted = !quoted;
                if (i < value.Length && (value[i] != ',' || quoted)) continue;
                string part = value[start..i].Trim();
                start = i + 1;
                if (part.Length == 0) continue;
                int eq = part.IndexOf('=');
                if (eq < 0) directives[part] = null;
                else directives[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }
        return directives;
    }

    private static TimeSpan? Seconds(Dictionary<string, string?> directives, string name) =>
        directives.TryGetValue(name, out string? value) && long.TryParse(value?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out long s)
            ? TimeSpan.FromSeconds(Math.Min(s, (long)TimeSpan.FromDays(365).TotalSeconds)) : null;

    internal static string? Value(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    private static bool Has(IReadOnlyList<KeyValuePair<string, string>> headers, string name) => Value(headers, name) is not null;
}
