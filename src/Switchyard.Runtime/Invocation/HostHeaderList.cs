using System.Buffers;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// Header lists as they cross into and out of <c>invoke()</c>: each name (lower-cased) and value, all joined by NUL.
/// No header can hold a NUL: HTTP forbids it in names and values, Kestrel rejects it, and so does JS <c>Headers</c>.
/// JSON had cost the request ~2.5 µs of <c>JSON.parse</c> per invocation, and the response head as much again in
/// <c>JSON.stringify</c> and the reader here. JS takes the request's list apart only when the handler reads a header.
/// </summary>
internal static class HostHeaderList
{
    // A request's list is taken as valid in JS, unchecked: a NUL would split it wrongly, CR or LF would pass into
    // headers that no Headers object could hold.
    private static readonly SearchValues<char> Refused = SearchValues.Create("\0\r\n");

    public static string Join(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (headers.Count == 0) return "";
        int length = headers.Count * 2 - 1;
        // By index: a foreach over the interface would allocate an enumerator for every request.
        for (int i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (name.AsSpan().ContainsAny(Refused) || value.AsSpan().ContainsAny(Refused))
                throw new ArgumentException($"The header '{name}' holds a NUL, CR or LF character.", nameof(headers));
            length += name.Length + value.Length;
        }
        return string.Create(length, headers, static (chars, headers) =>
        {
            int at = 0;
            for (int i = 0; i < headers.Count; i++)
            {
                if (i > 0) chars[at++] = '\0';
                var (name, value) = headers[i];
                at += name.AsSpan().ToLowerInvariant(chars[at..]);
                chars[at++] = '\0';
                value.CopyTo(chars[at..]);
                at += value.Length;
            }
        });
    }

    /// <summary>A list as JS joins it (a response's from <c>invoke()</c>, a binding's request), back into pairs in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Split(string joined)
    {
        if (joined.Length == 0) return [];
        var headers = new List<KeyValuePair<string, string>>();
        int at = 0;
        while (true)
        {
            int nameEnd = joined.IndexOf('\0', at);
            if (nameEnd < 0) throw new FormatException("A header list ends with a name that has no value.");
            int valueEnd = joined.IndexOf('\0', nameEnd + 1);
            string name = joined[at..nameEnd];
            if (valueEnd < 0)
            {
                headers.Add(new(name, joined[(nameEnd + 1)..]));
                return headers;
            }
            headers.Add(new(name, joined[(nameEnd + 1)..valueEnd]));
            at = valueEnd + 1;
        }
    }
}
