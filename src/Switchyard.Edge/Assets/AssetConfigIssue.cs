namespace Switchyard.Edge.Assets;

/// <summary>
/// A problem found while reading an asset config: which field (<c>html_handling</c>, <c>_redirects</c>, …), the
/// 1-based line for the two rule files, and what is wrong. Lines of <c>_redirects</c>/<c>_headers</c> with a problem
/// are skipped, as Cloudflare skips them; the control plane decides whether to warn or reject.
/// </summary>
public sealed record AssetConfigIssue(string Field, int? LineNumber, string Message)
{
    public override string ToString() => LineNumber is { } line ? $"{Field} line {line}: {Message}" : $"{Field}: {Message}";
}
