namespace Switchyard.Edge.Assets;

/// <summary>One block of <c>_headers</c>: a path pattern, the headers it sets (names lower-cased, repeated names
/// already joined with ", ") and the headers its <c>! Name</c> lines remove.</summary>
public sealed record HeaderRule(string Path, IReadOnlyList<KeyValuePair<string, string>> Set, IReadOnlyList<string> Unset,
    int LineNumber);

/// <summary>What one matched <c>_headers</c> line does to a response header, in order.</summary>
public readonly record struct HeaderEdit(HeaderEditKind Kind, string Name, string? Value);

public enum HeaderEditKind
{
    /// <summary>Remove the header (a <c>! Name</c> line).</summary>
    Remove,
    /// <summary>First value <c>_headers</c> sets for this name: it replaces whatever the response had.</summary>
    Replace,
    /// <summary>A later rule sets the same name again: the value is added next to the earlier one.</summary>
    Append,
}

/// <summary>
/// The parsed <c>_headers</c> file. Every rule whose pattern matches the request path applies, in file order: its
/// removals first, then its headers, where the first <c>_headers</c> value for a name replaces the response's own and
/// later ones are appended. Placeholders and the splat captured by the pattern are substituted into values.
/// </summary>
public sealed class HeaderRules
{
    private readonly (PathPattern Pattern, HeaderRule Rule)[] _rules;
    private readonly int _maxCaptures;

    internal HeaderRules((PathPattern, HeaderRule)[] rules)
    {
        _rules = rules;
        Rules = Array.ConvertAll(rules, r => r.Item2);
        foreach (var (pattern, _) in rules) _maxCaptures = Math.Max(_maxCaptures, pattern.Names.Count);
    }

    public static HeaderRules Empty { get; } = new([]);

    public IReadOnlyList<HeaderRule> Rules { get; }

    /// <summary>Parses a <c>_headers</c> file; problems go to <paramref name="issues"/> and their lines are skipped.</summary>
    public static HeaderRules Parse(string? text, ICollection<AssetConfigIssue> issues) => HeadersParser.Parse(text, issues);

    /// <summary>The edits for a request, or null when no rule matches (the common case allocates nothing).</summary>
    /// <param name="host">The request's host name without port, for <c>https://host/…</c> rules.</param>
    /// <param name="path">The routing path of the request as received (before any rewrite).</param>
    public IReadOnlyList<HeaderEdit>? Match(string host, string path)
    {
        if (_rules.Length == 0) return null;
        List<HeaderEdit>? edits = null;
        Span<Range> captures = stackalloc Range[_maxCaptures];
        string? absolute = null;
        foreach (var (pattern, rule) in _rules)
        {
            var input = pattern.IsAbsolute ? absolute ??= $"https://{host.ToLowerInvariant()}{path}" : path;
            if (!pattern.TryMatch(input, captures)) continue;
            edits ??= [];
            foreach (var name in rule.Unset) edits.Add(new HeaderEdit(HeaderEditKind.Remove, name, null));
            foreach (var (name, value) in rule.Set)
            {
                var kind = SetBefore(edits, name) ? HeaderEditKind.Append : HeaderEditKind.Replace;
                edits.Add(new HeaderEdit(kind, name, pattern.Substitute(value, input, captures)));
            }
        }
        return edits;
    }

    private static bool SetBefore(List<HeaderEdit> edits, string name)
    {
        foreach (var edit in edits)
            if (edit.Kind != HeaderEditKind.Remove && edit.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
