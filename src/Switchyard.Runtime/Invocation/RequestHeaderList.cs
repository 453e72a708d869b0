namespace Switchyard.Runtime.Invocation;

/// <summary>
/// A request's headers as <c>invoke()</c> takes them: each name (lower-cased) and value, all joined by NUL, which JS
/// takes apart with one <c>split("\0")</c>. No header can hold a NUL: HTTP forbids it in names and values, Kestrel
/// rejects it, and so does JS <c>Headers</c>. The list had crossed as JSON with the rest of the request, and
/// <c>JSON.parse</c> of it cost ~2.5 µs of every invocation against ~0.3 µs for the split.
/// </summary>
internal static class RequestHeaderList
{
    public static string Join(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (headers.Count == 0) return "";
        int length = headers.Count * 2 - 1;
        foreach (var (name, value) in headers)
        {
            if (name.Contains('\0') || value.Contains('\0')) throw new ArgumentException($"The header '{name}' holds a NUL character.", nameof(headers));
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
}
