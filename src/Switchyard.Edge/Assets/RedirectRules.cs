namespace Switchyard.Edge.Assets;

/// <summary>One valid line of <c>_redirects</c>: normalized source and destination, status and line number.</summary>
public sealed record RedirectRule(string From, string To, int Status, int LineNumber);

/// <summary>Where a request matched a <c>_redirects</c> rule: the status and the destination with splat and
/// placeholders filled in.</summary>
public readonly record struct RedirectMatch(int Status, string To);

/// <summary>
/// The parsed <c>_redirects</c> file. Static rules (no splat, no placeholder, before the first rule that has one)
/// are found with one dictionary lookup; the rest are tried in file order, and the first that matches wins. Because
/// static rules only ever come before dynamic ones, that is also "first matching line wins" overall.
/// </summary>
public sealed class RedirectRules
{
    private readonly Dictionary<string, RedirectRule> _static;
    private readonly (PathPattern Pattern, RedirectRule Rule)[] _dynamic;
    private readonly int _maxCaptures;

    internal RedirectRules(IReadOnlyList<RedirectRule> rules, Dictionary<string, RedirectRule> staticRules,
        (PathPattern, RedirectRule)[] dynamicRules)
    {
        Rules = rules;
        _static = staticRules;
        _dynamic = dynamicRules;
        foreach (var (pattern, _) in dynamicRules) _maxCaptures = Math.Max(_maxCaptures, pattern.Names.Count);
    }

    public static RedirectRules Empty { get; } = new([], new Dictionary<string, RedirectRule>(), []);

    /// <summary>Every valid rule, in file order.</summary>
    public IReadOnlyList<RedirectRule> Rules { get; }

    public int StaticCount => _static.Count;

    public int DynamicCount => _dynamic.Length;

    /// <summary>Parses a <c>_redirects</c> file; problems go to <paramref name="issues"/> and their lines are skipped.</summary>
    public static RedirectRules Parse(string? text, HtmlHandling htmlHandling, ICollection<AssetConfigIssue> issues) =>
        RedirectsParser.Parse(text, htmlHandling, issues);

    /// <summary>The first rule matching a routing path, with its destination filled in.</summary>
    public bool TryMatch(string path, out RedirectMatch match)
    {
        if (_static.Count > 0 && _static.TryGetValue(path, out var exact))
        {
            match = new RedirectMatch(exact.Status, exact.To);
            return true;
        }
        if (_dynamic.Length > 0)
        {
            Span<Range> captures = stackalloc Range[_maxCaptures];
            foreach (var (pattern, rule) in _dynamic)
            {
                if (!pattern.TryMatch(path, captures)) continue;
                var to = pattern.Substitute(rule.To, path, captures).Trim();
                // A relative destination built from captures may pick up repeated slashes; they would otherwise
                // make it read as a protocol-relative URL.
                match = new RedirectMatch(rule.Status, RuleUrl.HasScheme(to) ? to : UrlPath.CollapseSlashes(to));
                return true;
            }
        }
        match = default;
        return false;
    }
}
