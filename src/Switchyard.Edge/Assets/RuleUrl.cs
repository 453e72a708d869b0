using System.Globalization;

namespace Switchyard.Edge.Assets;

/// <summary>
/// How a URL written in <c>_redirects</c> or <c>_headers</c> is read: either a path (normalized as a URL parser
/// would, so it compares equal to request paths) or an absolute <c>https://host/path</c>. Other schemes are refused.
/// </summary>
internal static class RuleUrl
{
    public const string RelativeOrHttps =
        "URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. begin with \"https://\").";

    /// <summary>The normalized URL, or null with <paramref name="error"/> set.</summary>
    public static string? Read(string token, bool onlyRelative, bool disallowPorts, bool keepQueryAndFragment, out string? error)
    {
        error = null;
        if (TrySplitHttps(token, out var host, out var rest))
        {
            if (onlyRelative)
            {
                error = $"Only relative URLs are allowed. Skipping absolute URL {token}.";
                return null;
            }
            if (disallowPorts && HasPort(host))
            {
                error = $"Specifying ports is not supported. Skipping absolute URL {token}.";
                return null;
            }
            return "https://" + AsciiHost(host) + PathOf(rest, keepQueryAndFragment);
        }
        if (onlyRelative && !token.StartsWith('/')) token = "/" + token;
        if (!token.StartsWith('/'))
        {
            error = onlyRelative ? "URLs should begin with a forward-slash." : RelativeOrHttps;
            return null;
        }
        return PathOf(token, keepQueryAndFragment);
    }

    /// <summary>True for <c>https://</c> followed by a non-empty host.</summary>
    public static bool HasHost(string url) => TrySplitHttps(url, out _, out _);

    /// <summary>True when the URL starts with a scheme (<c>word://</c>), so it is not resolved against the request.</summary>
    public static bool HasScheme(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0) return false;
        for (var i = 0; i < separator; i++)
            if (!char.IsAsciiLetterOrDigit(url[i]) && url[i] != '_') return false;
        return true;
    }

    /// <summary>Splits a URL (or path) into the part before '?', the query ("" or "?…") and fragment ("" or "#…").</summary>
    public static (string Base, string Query, string Fragment) Split(string url)
    {
        var hash = url.IndexOf('#');
        var fragment = hash < 0 ? "" : url[hash..];
        var beforeHash = hash < 0 ? url : url[..hash];
        var question = beforeHash.IndexOf('?');
        return question < 0 ? (beforeHash, "", fragment) : (beforeHash[..question], beforeHash[question..], fragment);
    }

    private static string PathOf(string pathAndMore, bool keepQueryAndFragment)
    {
        var (path, query, fragment) = Split(pathAndMore);
        // Collapse leading slashes so a path can never read as a protocol-relative URL ("//host/…").
        var normalized = UrlPath.NormalizePath("/" + path.TrimStart('/'));
        return keepQueryAndFragment
            ? normalized + UrlPath.NormalizeQuery(query) + UrlPath.NormalizeFragment(fragment)
            : normalized;
    }

    private static bool TrySplitHttps(string token, out string host, out string rest)
    {
        host = rest = "";
        if (!token.StartsWith("https://", StringComparison.Ordinal)) return false;
        var start = "https://".Length;
        while (start < token.Length && token[start] == '/') start++;
        var end = token.IndexOf('/', start);
        if (end < 0) end = token.Length;
        host = token[start..end];
        rest = token[end..];
        return host.Length > 0;
    }

    private static bool HasPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon >= 0 && colon < host.Length - 1 && host.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>An internationalized host in its ASCII (punycode) form, as requests carry it.</summary>
    private static string AsciiHost(string host)
    {
        foreach (var c in host)
        {
            if (c <= 0x7E) continue;
            try { return new IdnMapping().GetAscii(host); }
            catch (ArgumentException) { return host; } // not a valid name (e.g. with a placeholder): it never matches
        }
        return host;
    }
}
