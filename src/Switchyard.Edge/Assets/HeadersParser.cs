using System.Buffers;

namespace Switchyard.Edge.Assets;

/// <summary>
/// Reads a <c>_headers</c> file the way Cloudflare does: a line starting with '/' (or <c>scheme://</c>) opens a rule
/// for that path pattern, the following <c>Name: value</c> lines (indentation optional) add headers and
/// <c>! Name</c> lines remove one; <c>#</c> comments; at most 100 rules, lines of at most 2,000 characters.
/// A bad line is reported and skipped; a rule without any header line is dropped.
/// </summary>
internal static class HeadersParser
{
    public const int MaxRules = 100;
    public const int MaxLineLength = 2000;
    private const string Field = "_headers";
    private const string UnsetOperator = "! ";

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Framing is Kestrel's business: a wrong Content-Length would corrupt the response.
    private static readonly string[] Reserved = ["content-length", "transfer-encoding", "connection"];

    public static HeaderRules Parse(string? text, ICollection<AssetConfigIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(text)) return HeaderRules.Empty;

        var rules = new List<(PathPattern, HeaderRule)>();
        RuleBuilder? rule = null;

        void Close()
        {
            if (rule is null) return;
            if (rule.Set.Count > 0 || rule.Unset.Count > 0) rules.Add(rule.Build());
            else issues.Add(new AssetConfigIssue(Field, rule.LineNumber, "No headers specified"));
            rule = null;
        }

        foreach (var (line, lineNumber, remaining) in RuleFileLines.Read(text, Field, MaxLineLength, issues))
        {
            void Skip(string message) => issues.Add(new AssetConfigIssue(Field, lineNumber, message));

            if (IsProbablyPath(line))
            {
                Close();
                if (rules.Count >= MaxRules)
                {
                    Skip($"Maximum number of rules supported is {MaxRules}. Skipping remaining {remaining} lines of file.");
                    break;
                }
                var path = RuleUrl.Read(line, onlyRelative: false, disallowPorts: true, keepQueryAndFragment: false, out var pathError);
                var pattern = path is null ? null : PathPattern.Compile(path, out pathError);
                if (pattern is null)
                {
                    Skip(pathError!);
                    continue;
                }
                rule = new RuleBuilder(pattern, lineNumber);
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                if (rule is null) Skip("Expected a path beginning with at least one forward-slash");
                else if (line.StartsWith(UnsetOperator, StringComparison.Ordinal)) rule.Unset.Add(line[UnsetOperator.Length..].Trim());
                else Skip("Expected a colon-separated header pair (e.g. name: value)");
                continue;
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name.Contains(' ')) { Skip("Header name cannot include spaces"); continue; }
            if (name.Length == 0) { Skip("No header name specified"); continue; }
            if (value.Length == 0) { Skip("No header value specified"); continue; }
            if (rule is null) { Skip($"Path should come before header ({name}: {value})"); continue; }
            if (name.AsSpan().ContainsAnyExcept(TokenChars)) { Skip($"Header name {name} is not a valid HTTP header name"); continue; }
            if (!IsVisibleAscii(value)) { Skip($"Header value of {name} may contain only visible ASCII characters"); continue; }
            if (Array.IndexOf(Reserved, name) >= 0) { Skip($"Header {name} is managed by the server and cannot be set"); continue; }

            var existing = rule.Set.FindIndex(pair => pair.Key == name);
            if (existing >= 0) rule.Set[existing] = new(name, rule.Set[existing].Value + ", " + value);
            else rule.Set.Add(new(name, value));
        }
        Close();

        return new HeaderRules([.. rules]);
    }

    /// <summary>A line starting with '/' or with <c>something://</c> names a path, not a header.</summary>
    private static bool IsProbablyPath(string line)
    {
        if (line.StartsWith('/')) return true;
        var separator = line.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && line.AsSpan(0, separator).IndexOfAny(' ', '\t') < 0;
    }

    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
            if (c is < ' ' or > '~' && c != '\t') return false;
        return true;
    }

    private sealed class RuleBuilder(PathPattern pattern, int lineNumber)
    {
        public int LineNumber { get; } = lineNumber;
        public List<KeyValuePair<string, string>> Set { get; } = [];
        public List<string> Unset { get; } = [];

        public (PathPattern, HeaderRule) Build() => (pattern, new HeaderRule(pattern.Source, Set, Unset, LineNumber));
    }
}
