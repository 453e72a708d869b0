namespace Switchyard.Edge.Assets;

/// <summary>
/// The content lines of a <c>_headers</c> or <c>_redirects</c> file: trimmed, without blank lines and <c>#</c>
/// comments. An over-long line is reported as an issue and skipped.
/// </summary>
internal static class RuleFileLines
{
    /// <param name="Text">the trimmed line</param>
    /// <param name="Number">its 1-based line number</param>
    /// <param name="Remaining">lines of the file from this one to the end (for "skipping remaining" messages)</param>
    public readonly record struct Line(string Text, int Number, int Remaining);

    public static IEnumerable<Line> Read(string text, string field, int maxLength, ICollection<AssetConfigIssue> issues)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.Length > maxLength)
            {
                issues.Add(new AssetConfigIssue(field, i + 1,
                    $"Ignoring line {i + 1} as it exceeds the maximum allowed length of {maxLength}."));
                continue;
            }
            yield return new Line(line, i + 1, lines.Length - i);
        }
    }
}
