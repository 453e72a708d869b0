using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Storage.Zones;

/// <summary>
/// A worker route pattern <c>[*][host]/path[*]</c>, as Cloudflare writes them: <c>example.com/*</c>,
/// <c>*.example.com/api/*</c>, <c>*example.com/</c>, <c>*/*</c>. A leading <c>*.</c> matches subdomains only, a
/// leading <c>*</c> the host itself and its subdomains; a trailing <c>*</c> matches any rest of the path. No scheme,
/// port, query or inner wildcard. Hosts compare case-insensitively, paths exactly.
/// </summary>
public sealed record RoutePattern(string Text, string Host, HostWildcard Wildcard, string Path, bool PathPrefix)
{
    public const int MaxLength = 2048;

    public static bool TryParse(string text, [NotNullWhen(true)] out RoutePattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        error = Validate(text);
        if (error is not null) return false;

        var slash = text.IndexOf('/');
        var host = text[..slash].ToLowerInvariant();
        var path = text[slash..];
        var wildcard = host.StartsWith("*.", StringComparison.Ordinal) ? HostWildcard.SubdomainsOnly
            : host.StartsWith('*') ? HostWildcard.HostAndSubdomains
            : HostWildcard.None;
        host = host.TrimStart('*').TrimStart('.');
        var prefix = path.EndsWith('*');
        pattern = new RoutePattern(text[..slash].ToLowerInvariant() + path, host, wildcard, prefix ? path[..^1] : path, prefix);
        return true;
    }

    private static string? Validate(string text)
    {
        if (string.IsNullOrEmpty(text)) return "Route pattern must not be empty";
        if (text.Length > MaxLength) return $"Route pattern is longer than {MaxLength} characters";
        if (text.Contains("://", StringComparison.Ordinal)) return $"Route pattern '{text}' must not include a scheme; write it as host/path, e.g. example.com/*";
        var slash = text.IndexOf('/');
        if (slash < 0) return $"Route pattern '{text}' has no path; add one, e.g. '{text}/*'";

        var host = text[..slash];
        var literal = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host.StartsWith('*') ? host[1..] : host;
        if (literal.Length == 0 && host != "*") return $"Route pattern '{text}' has no host (use '*' for any host of the zone)";
        if (literal.Length > 0 && !IsHostName(literal))
            return $"Route pattern '{text}' has an invalid host '{host}': only letters, digits, '-' and dots, with a '*' allowed only at the start";

        var path = text[slash..];
        var star = path.IndexOf('*');
        if (star >= 0 && star != path.Length - 1) return $"Route pattern '{text}' has a '*' inside the path; a wildcard is allowed only at the end";
        if (path.Any(c => c is '?' or '#' || char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"Route pattern '{text}' must not contain a query, fragment or whitespace";
        return null;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length > 253) return false;
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')) return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    /// <summary>True when every host the pattern can match lies in <paramref name="zoneName"/> (or the pattern is <c>*/…</c>).</summary>
    public bool IsWithinZone(string zoneName) =>
        Host.Length == 0 || Host == zoneName || Host.EndsWith("." + zoneName, StringComparison.Ordinal);

    public bool Matches(string host, string path)
    {
        host = host.ToLowerInvariant();
        var hostMatches = Wildcard switch
        {
            HostWildcard.None => host == Host,
            _ when Host.Length == 0 => true,
            HostWildcard.SubdomainsOnly => host.EndsWith("." + Host, StringComparison.Ordinal),
            _ => host == Host || host.EndsWith("." + Host, StringComparison.Ordinal),
        };
        if (!hostMatches) return false;
        return PathPrefix ? path.StartsWith(Path, StringComparison.Ordinal) : path == Path;
    }

    /// <summary>
    /// Orders patterns by how specific they are, so that among matching routes the most specific wins: an exact host
    /// beats a wildcard host, then a longer host; then an exact path beats a path prefix, then a longer path.
    /// </summary>
    public static int CompareSpecificity(RoutePattern a, RoutePattern b)
    {
        int c;
        if ((c = (a.Wildcard == HostWildcard.None).CompareTo(b.Wildcard == HostWildcard.None)) != 0) return c;
        if ((c = a.Host.Length.CompareTo(b.Host.Length)) != 0) return c;
        if ((c = (!a.PathPrefix).CompareTo(!b.PathPrefix)) != 0) return c;
        if ((c = a.Path.Length.CompareTo(b.Path.Length)) != 0) return c;
        return string.CompareOrdinal(b.Text, a.Text); // total order: ties resolve the same way every time
    }
}

public enum HostWildcard
{
    None,
    /// <summary><c>*example.com</c>: example.com and its subdomains.</summary>
    HostAndSubdomains,
    /// <summary><c>*.example.com</c>: subdomains only.</summary>
    SubdomainsOnly,
}
