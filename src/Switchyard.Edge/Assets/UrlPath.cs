using System.Buffers;
using System.Text;

namespace Switchyard.Edge.Assets;

/// <summary>
/// The three spellings of a request path the asset server works with, as Cloudflare's asset worker does:
/// the <em>routing</em> path (what a WHATWG URL parser makes of the request target: percent-encoded, dot segments
/// resolved), which <c>_redirects</c>, <c>_headers</c> and <c>run_worker_first</c> rules match; the <em>decoded</em>
/// path (each segment percent-decoded, repeated slashes collapsed), which manifest keys are compared with; and the
/// <em>canonical</em> path (each decoded segment re-encoded as <c>encodeURIComponent</c> does), at which an asset is
/// served; a request for any other spelling of it is redirected there.
/// Every method returns its input unchanged, without allocating, when there is nothing to do.
/// </summary>
public static class UrlPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()");
    private static readonly SearchValues<char> UnreservedOrSlash =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()/");

    /// <summary>The path a URL parser produces from a request target's path: always starts with '/', backslashes
    /// are slashes, '.' and '..' segments (also as %2e) are resolved, and characters outside the URL path set are
    /// UTF-8 percent-encoded. Existing %XX escapes are kept as they are.</summary>
    public static string NormalizePath(string raw)
    {
        if (raw.Length > 0 && raw[0] == '/' && !NeedsEncoding(raw, PathEncodeSet) && !raw.Contains('\\') && !HasDotSegment(raw))
            return raw;

        var encoded = Encode(raw.Replace('\\', '/'), PathEncodeSet);
        var segments = encoded.Split('/');
        var kept = new List<string>(segments.Length);
        // segments[0] is what precedes the first '/', which is empty for an absolute path; anything else is
        // treated as a first segment (a path without a leading slash).
        for (var i = segments[0].Length == 0 ? 1 : 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (IsDoubleDot(segment))
            {
                if (kept.Count > 0) kept.RemoveAt(kept.Count - 1);
                if (last) kept.Add("");
            }
            else if (IsSingleDot(segment))
            {
                if (last) kept.Add("");
            }
            else kept.Add(segment);
        }
        return "/" + string.Join('/', kept);
    }

    /// <summary>A query string as a URL parser keeps it: "" when absent or a bare "?", otherwise "?…" with
    /// characters outside the query set percent-encoded.</summary>
    public static string NormalizeQuery(string? raw)
    {
        if (string.IsNullOrEmpty(raw) || raw == "?") return "";
        var query = raw[0] == '?' ? raw : "?" + raw;
        return NeedsEncoding(query, QueryEncodeSet) ? Encode(query, QueryEncodeSet) : query;
    }

    /// <summary>A fragment ("#…") with characters outside the fragment set percent-encoded; "" for a bare "#".</summary>
    public static string NormalizeFragment(string raw)
    {
        if (raw.Length <= 1) return "";
        return NeedsEncoding(raw, FragmentEncodeSet) ? Encode(raw, FragmentEncodeSet) : raw;
    }

    /// <summary>Percent-decodes each segment of a routing path (a segment that is not valid percent-encoded UTF-8
    /// stays as it is) and collapses runs of slashes, which would otherwise make same-site redirects.</summary>
    public static string Decode(string path)
    {
        if (!path.Contains('%') && !path.Contains("//", StringComparison.Ordinal)) return path;

        var builder = new StringBuilder(path.Length);
        var start = 0;
        while (true)
        {
            var slash = path.IndexOf('/', start);
            var segment = path.AsSpan(start, (slash < 0 ? path.Length : slash) - start);
            if (!TryDecodeComponent(segment, builder)) builder.Append(segment);
            if (slash < 0) break;
            builder.Append('/');
            start = slash + 1;
        }
        return CollapseSlashes(builder.ToString());
    }

    /// <summary>Encodes each segment of a decoded path as JavaScript's <c>encodeURIComponent</c> does.</summary>
    public static string Encode(string decoded)
    {
        if (!decoded.AsSpan().ContainsAnyExcept(UnreservedOrSlash)) return decoded;

        var builder = new StringBuilder(decoded.Length + 16);
        var start = 0;
        while (true)
        {
            var slash = decoded.IndexOf('/', start);
            var segment = decoded.AsSpan(start, (slash < 0 ? decoded.Length : slash) - start);
            if (!TryEncodeComponent(segment, builder)) builder.Append(segment);
            if (slash < 0) break;
            builder.Append('/');
            start = slash + 1;
        }
        return builder.ToString();
    }

    /// <summary>Replaces every run of slashes with one slash.</summary>
    public static string CollapseSlashes(string value)
    {
        if (!value.Contains("//", StringComparison.Ordinal)) return value;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
            if (value[i] != '/' || builder.Length == 0 || builder[^1] != '/') builder.Append(value[i]);
        return builder.ToString();
    }

    // The WHATWG percent-encode sets (C0 controls and everything above '~' are always encoded).
    private static bool PathEncodeSet(char c) => c is ' ' or '"' or '#' or '<' or '>' or '?' or '`' or '{' or '}';
    private static bool QueryEncodeSet(char c) => c is ' ' or '"' or '#' or '<' or '>' or '\'';
    private static bool FragmentEncodeSet(char c) => c is ' ' or '"' or '<' or '>' or '`';

    private static bool NeedsEncoding(string value, Func<char, bool> set)
    {
        foreach (var c in value)
            if (c < 0x20 || c > 0x7E || set(c)) return true;
        return false;
    }

    private static string Encode(string value, Func<char, bool> set)
    {
        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c <= 0x7E && !set(c)) { builder.Append(c); continue; }
            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? 2 : 1;
            // A lone surrogate becomes U+FFFD, as the URL parser's UTF-8 encode does.
            var written = Encoding.UTF8.GetBytes(value.AsSpan(i, length), utf8);
            AppendEscaped(builder, utf8[..written]);
            i += length - 1;
        }
        return builder.ToString();
    }

    private static bool HasDotSegment(string path)
    {
        var start = 0;
        while (start <= path.Length)
        {
            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            var segment = path.AsSpan(start, end - start);
            if (segment.Length > 0 && (segment[0] == '.' || segment[0] == '%') && (IsSingleDot(segment) || IsDoubleDot(segment)))
                return true;
            if (slash < 0) break;
            start = slash + 1;
        }
        return false;
    }

    private static bool IsSingleDot(ReadOnlySpan<char> s) => s is "." || s.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDoubleDot(ReadOnlySpan<char> s) =>
        s is ".." || s.Equals(".%2e", StringComparison.OrdinalIgnoreCase) ||
        s.Equals("%2e.", StringComparison.OrdinalIgnoreCase) || s.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>decodeURIComponent</c>: false when a '%' is not followed by two hex digits or the bytes are
    /// not valid UTF-8 (JavaScript throws a URIError there).</summary>
    private static bool TryDecodeComponent(ReadOnlySpan<char> component, StringBuilder into)
    {
        if (!component.Contains('%')) { into.Append(component); return true; }

        var mark = into.Length;
        var bytes = ArrayPool<byte>.Shared.Rent(component.Length);
        try
        {
            var i = 0;
            while (i < component.Length)
            {
                if (component[i] != '%') { into.Append(component[i++]); continue; }
                var count = 0;
                while (i < component.Length && component[i] == '%')
                {
                    if (i + 2 >= component.Length ||
                        !char.IsAsciiHexDigit(component[i + 1]) || !char.IsAsciiHexDigit(component[i + 2]))
                    {
                        into.Length = mark;
                        return false;
                    }
                    bytes[count++] = (byte)(HexValue(component[i + 1]) * 16 + HexValue(component[i + 2]));
                    i += 3;
                }
                try { into.Append(StrictUtf8.GetString(bytes, 0, count)); }
                catch (DecoderFallbackException) { into.Length = mark; return false; }
            }
            return true;
        }
        finally { ArrayPool<byte>.Shared.Return(bytes); }
    }

    /// <summary><c>encodeURIComponent</c>: false for a lone surrogate (JavaScript throws a URIError there).</summary>
    private static bool TryEncodeComponent(ReadOnlySpan<char> component, StringBuilder into)
    {
        var mark = into.Length;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (Unreserved.Contains(c)) { into.Append(c); continue; }
            int length;
            if (char.IsHighSurrogate(c) && i + 1 < component.Length && char.IsLowSurrogate(component[i + 1])) length = 2;
            else if (char.IsSurrogate(c)) { into.Length = mark; return false; }
            else length = 1;
            var written = Encoding.UTF8.GetBytes(component.Slice(i, length), utf8);
            AppendEscaped(into, utf8[..written]);
            i += length - 1;
        }
        return true;
    }

    private static void AppendEscaped(StringBuilder builder, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
