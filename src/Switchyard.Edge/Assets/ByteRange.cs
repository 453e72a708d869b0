namespace Switchyard.Edge.Assets;

/// <summary>A single <c>Range: bytes=…</c> request resolved against a representation of known size.</summary>
internal enum ByteRangeKind
{
    /// <summary>No usable range (absent, malformed, several ranges or another unit): serve the whole body.</summary>
    Ignore,
    /// <summary>Serve the bytes [start, start+length) with 206.</summary>
    Satisfiable,
    /// <summary>The range lies outside the body: 416.</summary>
    Unsatisfiable,
}

internal static class ByteRange
{
    /// <summary>Parses <c>bytes=first-last</c>, <c>bytes=first-</c> or <c>bytes=-suffix</c>.</summary>
    public static ByteRangeKind Parse(string? header, long size, out long start, out long length)
    {
        start = length = 0;
        if (header is null) return ByteRangeKind.Ignore;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith("bytes", StringComparison.OrdinalIgnoreCase)) return ByteRangeKind.Ignore;
        value = value["bytes".Length..].TrimStart();
        if (value.IsEmpty || value[0] != '=') return ByteRangeKind.Ignore;
        value = value[1..].Trim();
        if (value.Contains(',')) return ByteRangeKind.Ignore;

        var dash = value.IndexOf('-');
        if (dash < 0) return ByteRangeKind.Ignore;
        var firstText = value[..dash].Trim();
        var lastText = value[(dash + 1)..].Trim();

        if (firstText.IsEmpty)
        {
            if (!TryDigits(lastText, out var suffix)) return ByteRangeKind.Ignore;
            if (suffix == 0 || size == 0) return ByteRangeKind.Unsatisfiable;
            length = Math.Min(suffix, size);
            start = size - length;
            return ByteRangeKind.Satisfiable;
        }

        if (!TryDigits(firstText, out var first)) return ByteRangeKind.Ignore;
        var last = long.MaxValue;
        if (!lastText.IsEmpty && (!TryDigits(lastText, out last) || last < first)) return ByteRangeKind.Ignore;
        if (first >= size) return ByteRangeKind.Unsatisfiable;
        start = first;
        length = Math.Min(last, size - 1) - first + 1;
        return ByteRangeKind.Satisfiable;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return !text.IsEmpty && text.IndexOfAnyExceptInRange('0', '9') < 0 &&
               long.TryParse(text, System.Globalization.NumberStyles.None, null, out value);
    }
}
