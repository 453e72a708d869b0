namespace Switchyard.Edge.Assets;

/// <summary>
/// A compiled <c>_redirects</c> source or <c>_headers</c> path: literal text, at most one <c>*</c> splat (matches
/// anything, captured as <c>splat</c>) and <c>:name</c> placeholders (a letter then letters, digits or '_'; each
/// matches one or more characters other than '/', and also other than '.' in the host of an <c>https://</c>
/// pattern). The whole path must match. Matching is greedy with backtracking, as the equivalent regular expression
/// Cloudflare builds, but without a regex engine: patterns are compiled once, at config load.
/// </summary>
public sealed class PathPattern
{
    private readonly Token[] _tokens;
    private readonly string[] _names;
    private readonly int _minLength;

    private PathPattern(string source, Token[] tokens, string[] names)
    {
        Source = source;
        _tokens = tokens;
        _names = names;
        foreach (var token in tokens) _minLength += token.Literal?.Length ?? (token.Kind == TokenKind.Placeholder ? 1 : 0);
    }

    public string Source { get; }

    /// <summary>True for an <c>https://host/path</c> pattern, matched against <c>https://&lt;host&gt;&lt;path&gt;</c>.</summary>
    public bool IsAbsolute => Source.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>True when the pattern has neither splat nor placeholder, so it matches one path only.</summary>
    public bool IsLiteral => _names.Length == 0;

    /// <summary>Capture names in the order they appear; captures passed to <see cref="TryMatch"/> follow it.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Compiles a pattern, or explains why it cannot be used.</summary>
    public static PathPattern? Compile(string pattern, out string? error)
    {
        var tokens = new List<Token>();
        var names = new List<string>();
        var literal = new System.Text.StringBuilder();
        var hostEnd = 0;
        if (pattern.StartsWith("https://", StringComparison.Ordinal))
        {
            var slash = pattern.IndexOf('/', "https://".Length);
            hostEnd = slash < 0 ? pattern.Length : slash;
        }

        void Flush()
        {
            if (literal.Length == 0) return;
            tokens.Add(new Token(TokenKind.Literal, literal.ToString(), false));
            literal.Clear();
        }

        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (names.Contains("splat"))
                {
                    error = pattern.Contains(":splat", StringComparison.Ordinal)
                        ? "Cannot combine wildcard (*) with :splat placeholder. The wildcard already captures as :splat."
                        : "Multiple wildcards (*) are not supported in a single rule. Use a single wildcard or create separate rules.";
                    return null;
                }
                Flush();
                tokens.Add(new Token(TokenKind.Splat, null, true));
                names.Add("splat");
                i++;
            }
            else if (c == ':' && i + 1 < pattern.Length && char.IsAsciiLetter(pattern[i + 1]))
            {
                var end = i + 2;
                while (end < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[end]) || pattern[end] == '_')) end++;
                var name = pattern[(i + 1)..end];
                if (names.Contains(name))
                {
                    error = name == "splat"
                        ? "Cannot combine wildcard (*) with :splat placeholder. The wildcard already captures as :splat."
                        : $"Placeholder :{name} appears more than once; each placeholder may be used once.";
                    return null;
                }
                Flush();
                tokens.Add(new Token(TokenKind.Placeholder, null, AllowDot: i >= hostEnd));
                names.Add(name);
                i = end;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }
        Flush();
        error = null;
        return new PathPattern(pattern, [.. tokens], [.. names]);
    }

    /// <summary>Matches the whole input; on success <paramref name="captures"/> (at least
    /// <see cref="Names"/>.Count long) holds each capture's range in the input.</summary>
    public bool TryMatch(ReadOnlySpan<char> input, Span<Range> captures)
    {
        if (input.Length < _minLength) return false;
        if (_tokens.Length > 0)
        {
            if (_tokens[0].Literal is { } first && !input.StartsWith(first, StringComparison.Ordinal)) return false;
            if (_tokens[^1].Literal is { } last && !input.EndsWith(last, StringComparison.Ordinal)) return false;
        }
        var state = new MatchState();
        return Match(input, 0, 0, 0, captures, ref state);
    }

    /// <summary>Replaces <c>:name</c> in a template with the captured values, in capture order.</summary>
    public string Substitute(string template, ReadOnlySpan<char> input, ReadOnlySpan<Range> captures)
    {
        if (_names.Length == 0 || !template.Contains(':')) return template;
        for (var i = 0; i < _names.Length; i++)
            template = template.Replace(":" + _names[i], input[captures[i]].ToString(), StringComparison.Ordinal);
        return template;
    }

    private bool Match(ReadOnlySpan<char> input, int tokenIndex, int position, int captureIndex, Span<Range> captures,
        ref MatchState state)
    {
        if (tokenIndex == _tokens.Length) return position == input.Length;
        if (state.KnownToFail(tokenIndex, position, _tokens.Length, input.Length)) return false;

        var token = _tokens[tokenIndex];
        var matched = false;
        switch (token.Kind)
        {
            case TokenKind.Literal:
                matched = input[position..].StartsWith(token.Literal, StringComparison.Ordinal) &&
                          Match(input, tokenIndex + 1, position + token.Literal!.Length, captureIndex, captures, ref state);
                break;
            case TokenKind.Splat:
                for (var end = input.Length; end >= position && !matched && state.Spend(); end--)
                {
                    if (!CanContinueAt(input, tokenIndex + 1, end)) continue;
                    captures[captureIndex] = position..end;
                    matched = Match(input, tokenIndex + 1, end, captureIndex + 1, captures, ref state);
                }
                break;
            default:
                var limit = position;
                while (limit < input.Length && input[limit] != '/' && (token.AllowDot || input[limit] != '.')) limit++;
                for (var end = limit; end > position && !matched && state.Spend(); end--)
                {
                    if (!CanContinueAt(input, tokenIndex + 1, end)) continue;
                    captures[captureIndex] = position..end;
                    matched = Match(input, tokenIndex + 1, end, captureIndex + 1, captures, ref state);
                }
                break;
        }
        if (!matched) state.RecordFailure(tokenIndex, position, input.Length);
        return matched;
    }

    /// <summary>A cheap test before recursing: a following literal must start right there.</summary>
    private bool CanContinueAt(ReadOnlySpan<char> input, int tokenIndex, int position) =>
        tokenIndex == _tokens.Length ? position == input.Length
        : _tokens[tokenIndex].Literal is not { } literal || (position < input.Length && input[position] == literal[0]);

    /// <summary>
    /// Backtracking over several placeholders can take polynomially many steps on a crafted path. Whether the rest
    /// of the pattern matches from a given (token, position) does not depend on how that position was reached, so
    /// after a few hundred steps failures are remembered. A path that still needs more than a million steps (only
    /// possible with several placeholders in one segment thousands of characters long) is taken as no match.
    /// </summary>
    private struct MatchState
    {
        private const int StepsBeforeMemo = 256;
        private const int StepBudget = 1_000_000;
        private int _steps;
        private ulong[]? _failed; // one bit per (token, position)

        public bool Spend() => ++_steps <= StepBudget;

        public bool KnownToFail(int token, int position, int tokenCount, int inputLength)
        {
            if (_failed is null && _steps > StepsBeforeMemo) _failed = new ulong[(tokenCount * (inputLength + 1) + 63) / 64];
            if (_failed is null) return false;
            var bit = token * (inputLength + 1) + position;
            return (_failed[bit >> 6] & (1UL << (bit & 63))) != 0;
        }

        public readonly void RecordFailure(int token, int position, int inputLength)
        {
            if (_failed is null) return;
            var bit = token * (inputLength + 1) + position;
            _failed[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    private enum TokenKind { Literal, Splat, Placeholder }

    private readonly record struct Token(TokenKind Kind, string? Literal, bool AllowDot);
}
