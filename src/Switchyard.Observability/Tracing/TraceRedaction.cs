namespace Switchyard.Observability.Tracing;

/// <summary>
/// What a trace event hides of its request, by Cloudflare's published heuristics, so a tail or a log does not
/// record credentials: the value of a header named <c>cookie</c>/<c>set-cookie</c> or containing <c>auth</c>,
/// <c>key</c>, <c>secret</c>, <c>token</c> or <c>jwt</c>, and in the URL every run of ID characters that looks
/// like a hex or base-64 identifier.
/// </summary>
public static class TraceRedaction
{
    public const string Redacted = "REDACTED";

    private static readonly string[] SensitiveParts = ["auth", "key", "secret", "token", "jwt"];

    public static bool IsSensitiveHeader(string name)
    {
        if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (string part in SensitiveParts)
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The URL with each maximal run of [A-Za-z0-9+_-] that is a hex ID (32+ hex digits, only hex and
    /// separators) or a base-64 ID (21+ characters with at least two upper-case, two lower-case and two digits)
    /// replaced by REDACTED.</summary>
    public static string Url(string url)
    {
        System.Text.StringBuilder? result = null;
        int i = 0, copied = 0;
        while (i < url.Length)
        {
            if (!IsIdChar(url[i])) { i++; continue; }
            int start = i;
            while (i < url.Length && IsIdChar(url[i])) i++;
            if (!LooksLikeId(url.AsSpan(start, i - start))) continue;
            result ??= new System.Text.StringBuilder(url.Length);
            result.Append(url, copied, start - copied).Append(Redacted);
            copied = i;
        }
        return result is null ? url : result.Append(url, copied, url.Length - copied).ToString();
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '_';

    private static bool LooksLikeId(ReadOnlySpan<char> run)
    {
        int hex = 0, upper = 0, lower = 0, digits = 0;
        bool onlyHex = true;
        foreach (char c in run)
        {
            if (char.IsAsciiHexDigit(c)) hex++;
            else if (c is not ('+' or '-' or '_')) onlyHex = false;
            if (char.IsAsciiLetterUpper(c)) upper++;
            else if (char.IsAsciiLetterLower(c)) lower++;
            else if (char.IsAsciiDigit(c)) digits++;
        }
        return (onlyHex && hex >= 32) || (run.Length >= 21 && upper >= 2 && lower >= 2 && digits >= 2);
    }
}
