using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Parses the <c>tags</c> filter of script list and delete-by-tag: comma-separated <c>tag:yes</c> (must have the tag) and
/// <c>tag:no</c> (must not have it). Tags may themselves contain ':' (<c>cf:service=x</c>), so the flag is what follows
/// the last one.
/// </summary>
public static class TagFilterParser
{
    public static TagFilter Parse(string? query)
    {
        if (string.IsNullOrEmpty(query)) return TagFilter.None;
        var required = new List<string>();
        var excluded = new List<string>();
        foreach (var item in query.Split(','))
        {
            var colon = item.LastIndexOf(':');
            var flag = colon < 0 ? "" : item[(colon + 1)..];
            if (colon <= 0 || flag is not ("yes" or "no"))
                throw ScriptErrors.Invalid($"Invalid tag filter '{item}': write tag:yes or tag:no, separated by commas");
            var tag = item[..colon];
            if (ScriptNames.TagProblem(tag) is { } problem) throw ScriptErrors.Invalid($"Invalid tag filter '{item}': {problem}");
            (flag == "yes" ? required : excluded).Add(tag);
        }
        var both = required.Intersect(excluded).FirstOrDefault();
        if (both is not null) throw ScriptErrors.Invalid($"Tag '{both}' is both required and excluded");
        return new TagFilter(required, excluded);
    }
}
