namespace Switchyard.Observability.Tracing;

/// <summary>An exception an invocation did not catch: its name and message as JavaScript gives them, and its stack.</summary>
public sealed record TraceException(string Name, string Message, string? Stack, DateTimeOffset Time)
{
    /// <summary>
    /// Reads the name and message off a V8 stack (its first line is <c>Name: message</c>, or only the name), falling back
    /// to <paramref name="message"/> when the runtime knows it separately.
    /// </summary>
    public static TraceException FromStack(string? stack, string? message, DateTimeOffset time)
    {
        string first = stack is null ? "" : stack.Split('\n', 2)[0];
        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        string name = colon > 0 && IsIdentifier(first.AsSpan(0, colon)) ? first[..colon]
            : IsIdentifier(first) ? first : "Error";
        string text = message ?? (colon > 0 ? first[(colon + 2)..] : first);
        return new TraceException(name, text, stack, time);
    }

    private static bool IsIdentifier(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || char.IsDigit(s[0])) return false;
        foreach (char c in s)
            if (!char.IsLetterOrDigit(c) && c is not '_' and not '$') return false;
        return true;
    }
}
