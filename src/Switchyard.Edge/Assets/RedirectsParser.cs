namespace Switchyard.Edge.Assets;

/// <summary>
/// Reads a <c>_redirects</c> file the way Cloudflare does: one <c>source destination [status]</c> rule per line,
/// <c>#</c> comments, status 200 (rewrite, relative destinations only), 301, 302 (default), 303, 307 or 308, at most
/// 2,000 static and 100 dynamic rules, lines of at most 1,000 characters. A bad line is reported and skipped.
/// </summary>
internal static class RedirectsParser
{
    public const int MaxStaticRules = 2000;
    public const int MaxDynamicRules = 100;
    public const int MaxLineLength = 1000;
    private const string Field = "_redirects";

    private static readonly int[] PermittedStatuses = [200, 301, 302, 303, 307, 308];

    public static RedirectRules Parse(string? text, HtmlHandling htmlHandling, ICollection<AssetConfigIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(text)) return RedirectRules.Empty;

        var rules = new List<RedirectRule>();
        var staticRules = new Dictionary<string, RedirectRule>(StringComparer.Ordinal);
        var dynamicRules = new List<(PathPattern, RedirectRule)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int staticCount = 0, dynamicCount = 0;
        var canBeStatic = true;

        foreach (var (line, lineNumber, remaining) in RuleFileLines.Read(text, Field, MaxLineLength, issues))
        {
            void Skip(string message) => issues.Add(new AssetConfigIssue(Field, lineNumber, message));

            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length is < 2 or > 3)
            {
                Skip($"Expected exactly 2 or 3 whitespace-separated tokens. Got {tokens.Length}.");
                continue;
            }

            var from = RuleUrl.Read(tokens[0], onlyRelative: true, disallowPorts: true, keepQueryAndFragment: false, out var fromError);
            if (from is null)
            {
                Skip(fromError!);
                continue;
            }

            var pattern = PathPattern.Compile(from, out var patternError);
            if (pattern is null)
            {
                Skip(patternError!);
                continue;
            }

            if (canBeStatic && pattern.IsLiteral)
            {
                if (++staticCount > MaxStaticRules)
                {
                    Skip($"Maximum number of static rules supported is {MaxStaticRules}. Skipping line.");
                    continue;
                }
            }
            else
            {
                canBeStatic = false;
                if (++dynamicCount > MaxDynamicRules)
                {
                    Skip($"Maximum number of dynamic rules supported is {MaxDynamicRules}. Skipping remaining {remaining} lines of file.");
                    break;
                }
            }

            var to = RuleUrl.Read(tokens[1], onlyRelative: false, disallowPorts: false, keepQueryAndFragment: true, out var toError);
            if (to is null)
            {
                Skip(toError!);
                continue;
            }

            var statusText = tokens.Length == 3 ? tokens[2] : "302";
            if (!int.TryParse(statusText, System.Globalization.NumberStyles.None, null, out var status) ||
                Array.IndexOf(PermittedStatuses, status) < 0)
            {
                Skip($"Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got {statusText}.");
                continue;
            }

            if (!RuleUrl.HasHost(to) && LoopsBackToIndex(from, to, htmlHandling))
            {
                Skip("Infinite loop detected in this rule and has been ignored. This will cause a redirect to strip `.html` or `/index` and end up triggering this rule again. Please fix or remove this rule to silence this warning.");
                continue;
            }

            if (!seen.Add(from))
            {
                Skip($"Ignoring duplicate rule for path {from}.");
                continue;
            }

            if (status == 200 && RuleUrl.HasHost(to))
            {
                Skip($"Proxy (200) redirects can only point to relative paths. Got {to}");
                continue;
            }

            var rule = new RedirectRule(from, to, status, lineNumber);
            rules.Add(rule);
            if (canBeStatic) staticRules[from] = rule;
            else dynamicRules.Add((pattern, rule));
        }

        return new RedirectRules(rules, staticRules, [.. dynamicRules]);
    }

    /// <summary>
    /// <c>/* /index.html</c> always loops (HTML handling redirects /index.html to /, which the rule catches again);
    /// <c>/ /index</c> loops whenever HTML handling is on.
    /// </summary>
    private static bool LoopsBackToIndex(string from, string to, HtmlHandling htmlHandling)
    {
        var toIndex = to.EndsWith("/index", StringComparison.Ordinal) || to.EndsWith("/index.html", StringComparison.Ordinal);
        return toIndex && (from.EndsWith("/*", StringComparison.Ordinal) ||
                           (from.EndsWith('/') && htmlHandling != HtmlHandling.None));
    }
}
