namespace Switchyard.Storage.Freshness;

/// <summary>
/// The key a lookup's answer is kept under in a <see cref="CommitScopedMemo{T}"/>: a short name of the query and its
/// parameters, NUL-separated (no name or id a lookup takes can hold a NUL). Not the query's SQL: that is hundreds of
/// characters to copy and hash on every request.
/// </summary>
public static class MemoKey
{
    public static string Of(string query, (string Name, object? Value)[] parameters)
    {
        int length = query.Length;
        foreach (var (_, value) in parameters) length += 1 + Text(value).Length;
        return string.Create(length, (query, parameters), static (chars, state) =>
        {
            state.query.CopyTo(chars);
            int at = state.query.Length;
            foreach (var (_, value) in state.parameters)
            {
                chars[at++] = '\0';
                string text = Text(value);
                text.CopyTo(chars[at..]);
                at += text.Length;
            }
        });
    }

    private static string Text(object? value) => value?.ToString() ?? "";
}
