namespace Switchyard.Edge.Assets;

/// <summary>Which side <c>run_worker_first</c> sends a request to.</summary>
public enum RunWorkerFirstDecision
{
    /// <summary>No rule decides: assets first, the worker when no asset matches.</summary>
    Default,
    /// <summary>A positive rule matched: the worker handles the request.</summary>
    Worker,
    /// <summary>A negative (<c>!/…</c>) rule matched: the asset server handles it, even when nothing matches.</summary>
    Assets,
}

/// <summary>
/// <c>run_worker_first</c>: false (assets first), true (the worker sees every request) or up to 100 path rules,
/// where <c>*</c> matches anything and everything else is literal. Rules starting with <c>!</c> send matching paths to
/// the assets and win over positive rules.
/// </summary>
public sealed class RunWorkerFirst
{
    public const int MaxRules = 100;
    public const int MaxRuleLength = 100;
    private const string Field = "run_worker_first";

    private readonly GlobPattern[] _include;
    private readonly GlobPattern[] _exclude;

    private RunWorkerFirst(bool always, IReadOnlyList<string> rules)
    {
        Always = always;
        Rules = rules;
        _include = [.. rules.Where(r => !r.StartsWith('!')).Select(r => new GlobPattern(r))];
        _exclude = [.. rules.Where(r => r.StartsWith('!')).Select(r => new GlobPattern(r[1..]))];
    }

    public static RunWorkerFirst Never { get; } = new(false, []);

    public static RunWorkerFirst AlwaysFirst { get; } = new(true, []);

    /// <summary>True when the worker runs before assets for every request.</summary>
    public bool Always { get; }

    /// <summary>The rules as configured (negative ones keep their '!').</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>Validates rules as Cloudflare does; any problem makes the whole setting invalid.</summary>
    public static RunWorkerFirst? FromRules(IReadOnlyList<string> rules, ICollection<AssetConfigIssue> issues)
    {
        var before = issues.Count;
        void Fail(string message) => issues.Add(new AssetConfigIssue(Field, null, message));

        if (rules.Count == 0) Fail("No `run_worker_first` rules were provided; must provide at least 1 rule.");
        if (rules.Count > MaxRules)
            Fail($"Too many `run_worker_first` rules were provided; {rules.Count} rules provided exceeds max of {MaxRules}.");

        var positive = new List<string>();
        var negative = new List<string>();
        foreach (var rule in rules)
        {
            if (rule.StartsWith("!/", StringComparison.Ordinal)) negative.Add(rule);
            else if (rule.StartsWith('/')) positive.Add(rule);
            else if (rule.StartsWith('!')) Fail($"'{rule}': negative rules must start with '!/'");
            else Fail($"'{rule}': rules must start with '/' or '!/'");
        }
        if (negative.Count > 0 && positive.Count == 0)
            Fail("Only negative `run_worker_first` rules were provided; must provide at least 1 non-negative rule");
        ValidateGroup(positive, Fail);
        ValidateGroup(negative, Fail);

        return issues.Count == before ? new RunWorkerFirst(false, [.. rules]) : null;
    }

    /// <summary>Where the rules send a routing path (always <see cref="RunWorkerFirstDecision.Default"/> for
    /// true/false, which the router handles itself).</summary>
    public RunWorkerFirstDecision Decide(string path)
    {
        foreach (var rule in _exclude)
            if (rule.IsMatch(path)) return RunWorkerFirstDecision.Assets;
        foreach (var rule in _include)
            if (rule.IsMatch(path)) return RunWorkerFirstDecision.Worker;
        return RunWorkerFirstDecision.Default;
    }

    private static void ValidateGroup(List<string> rules, Action<string> fail)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Length > MaxRuleLength)
                fail($"'{rule}': all rules must be less than {MaxRuleLength} characters in length");
            if (!seen.Add(rule)) fail($"'{rule}': rule is a duplicate; rules must be unique");
            if (!rule.EndsWith('*')) continue;
            var prefix = rule[..^1];
            foreach (var other in rules)
                if (other != rule && other.StartsWith(prefix, StringComparison.Ordinal))
                    fail($"'{other}': rule '{rule}' makes it redundant");
        }
    }

    /// <summary>A pattern where '*' matches any run of characters and the rest is literal.</summary>
    private sealed class GlobPattern(string pattern)
    {
        private readonly string[] _parts = pattern.Split('*');

        public bool IsMatch(ReadOnlySpan<char> path)
        {
            if (_parts.Length == 1) return path.SequenceEqual(_parts[0]);
            var first = _parts[0];
            var last = _parts[^1];
            if (path.Length < first.Length + last.Length || !path.StartsWith(first, StringComparison.Ordinal) ||
                !path.EndsWith(last, StringComparison.Ordinal)) return false;
            // The middle parts must appear in order between the fixed prefix and suffix; taking each at its
            // leftmost position leaves the most room for the rest, so this is exact for '*'-only patterns.
            var rest = path[first.Length..^last.Length];
            for (var i = 1; i < _parts.Length - 1; i++)
            {
                var at = rest.IndexOf(_parts[i], StringComparison.Ordinal);
                if (at < 0) return false;
                rest = rest[(at + _parts[i].Length)..];
            }
            return true;
        }
    }
}
