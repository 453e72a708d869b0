using System.Globalization;

namespace Switchyard.Runtime.Cache;

/// <summary>
/// The answer <c>cache.match()</c> gives for a stored response and the request's headers, as Cloudflare's cache
/// answers: <c>304</c> when <c>If-None-Match</c> names its ETag or <c>If-Modified-Since</c> is not before its
/// Last-Modified; <c>206</c> with the slice for a single satisfiable <c>Range</c> (416 when none is); otherwise the
/// response whole. Each answer carries <c>cf-cache-status: HIT</c>.
/// </summary>
public static class CacheMatch
{
    public static (int Status, string StatusText, List<KeyValuePair<string, string>> Headers, byte[] Body) Answer(
        CachedResponse stored, IReadOnlyList<KeyValuePair<string, string>> request)
    {
        var headers = new List<KeyValuePair<string, string>>(stored.Headers) { new("cf-cache-status", "HIT") };
        if (NotModified(stored, request))
            return (304, "Not Modified", headers, []);
        if (stored.Status == 200 && CachePolicy.Value(request, "range") is { } range && ParseRange(range, stored.Body.Length) is var (ok, from, to))
        {
            headers.RemoveAll(h => h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase));
            if (!ok)
            {
                headers.Add(new("content-range", $"bytes */{stored.Body.Length}"));
                return (416, "Range Not Satisfiable", headers, []);
            }
            headers.Add(new("content-range", $"bytes {from}-{to}/{stored.Body.Length}"));
            return (206, "Partial Content", headers, stored.Body[(int)from..(int)(to + 1)]);
        }
        return (stored.Status, stored.StatusText, headers, stored.Body);
    }

    private static bool NotModified(CachedResponse stored, IReadOnlyList<KeyValuePair<string, string>> request)
    {
        if (CachePolicy.Value(request, "if-none-match") is { } tags)
        {
            string? etag = CachePolicy.Value(stored.Headers, "etag");
            if (etag is null) return false;
            foreach (string tag in tags.Split(',', StringSplitOptions.TrimEntries))
                if (tag == "*" || Weak(tag) == Weak(etag)) return true;
            return false;  // If-None-Match given: If-Modified-Since is ignored (RFC 9110 §13.1.3)
        }
        return CachePolicy.Value(request, "if-modified-since") is { } since
            && CachePolicy.Value(stored.Headers, "last-modified") is { } modified
            && DateTimeOffset.TryParseExact(since, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset s)
            && DateTimeOffset.TryParseExact(modified, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset m)
            && m <= s;
    }

    private static string Weak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    /// <summary>A single <c>bytes=</c> range: null when the header is not one (the whole response is sent); ok false when unsatisfiable.</summary>
    private static (bool Ok, long From, long To)? ParseRange(string header, long length)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return null;
        string spec = header[6..].Trim();
        if (spec.Contains(',')) return null;
        int dash = spec.IndexOf('-');
        if (dash < 0) return null;
        string first = spec[..dash].Trim(), last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long suffix)) return null;
            if (suffix == 0 || length == 0) return (false, 0, 0);
            return (true, Math.Max(0, length - suffix), length - 1);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long from)) return null;
        long to = length - 1;
        if (last.Length > 0 && (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from)) return null;
        if (from >= length) return (false, 0, 0);
        return (true, from, Math.Min(to, length - 1));
    }
}
