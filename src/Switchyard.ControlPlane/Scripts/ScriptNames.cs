using System.Text.RegularExpressions;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Names that appear in URLs and routes. Script and dispatch namespace names: 1–63 characters of lower-case letters,
/// digits, <c>-</c> and <c>_</c>, starting with a letter or digit (Cloudflare's worker name rule; namespaces follow it
/// too). That also keeps names free of dots and slashes, so no name can traverse a path.
/// </summary>
public static partial class ScriptNames
{
    public const string Rule = "1-63 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    public static void RequireValidScript(string? name)
    {
        if (!IsValid(name)) throw ScriptErrors.Invalid($"Invalid worker name '{name}': use {Rule}");
    }

    /// <summary>A tag: 1–256 characters, no ',' or '&amp;' (they separate tags in filters), no control characters.</summary>
    public static string? TagProblem(string tag)
    {
        if (tag.Length == 0) return "Tags must not be empty";
        if (tag.Length > ScriptLimits.MaxTagLength) return $"Tag '{tag[..20]}…' is longer than {ScriptLimits.MaxTagLength} characters";
        if (tag.Contains(',') || tag.Contains('&')) return $"Tag '{tag}' must not contain ',' or '&'";
        if (tag.Any(char.IsControl)) return $"Tag '{tag}' must not contain control characters";
        return null;
    }

    /// <summary>Validates a full tag set (at most 8) and returns it without duplicates, in the given order.</summary>
    public static IReadOnlyList<string> RequireValidTags(IEnumerable<string> tags)
    {
        var list = tags.Distinct().ToList();
        foreach (var tag in list)
            if (TagProblem(tag) is { } problem) throw ScriptErrors.Invalid(problem);
        if (list.Count > ScriptLimits.MaxTags)
            throw ScriptErrors.Invalid($"A worker can have at most {ScriptLimits.MaxTags} tags; got {list.Count}");
        return list;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();
}
