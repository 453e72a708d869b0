using System.Buffers;

namespace Switchyard.Runtime.TextEncodings;

/// <summary>
/// The decoders of the Encoding Standard's legacy encodings, step for step as the standard writes them (its section
/// numbers name the handlers below): the single-byte encodings, gb18030 (and GBK, which decodes as gb18030), Big5,
/// EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR and replacement. UTF-8, UTF-16, windows-1252 and x-user-defined are decoded
/// by the runtime's JavaScript.
/// <para>
/// Stateless: what a decoder carries from one streamed chunk to the next (the bytes of an unfinished sequence, the
/// ISO-2022-JP modes) comes in and goes out as one non-negative number that the caller keeps (0 to start), so a
/// decoder that a worker abandons leaves nothing behind in the host. One call decodes at most <see cref="MaxInput"/>
/// bytes, so the string it builds is bounded whatever a worker passes.
/// </para>
/// </summary>
internal static class LegacyDecoder
{
    /// <summary>The most bytes one call decodes; the runtime splits larger inputs.</summary>
    public const int MaxInput = 65536;

    private const int Continue = -1;
    private const int Error = -2;
    private const int Finished = -3;
    private const int EndOfQueue = -1;

    /// <summary>The single-byte encodings whose index the tables hold, and the table of each.</summary>
    private static readonly Dictionary<string, string> SingleByteTables = new(StringComparer.Ordinal)
    {
        ["ibm866"] = "ibm866", ["iso-8859-2"] = "iso-8859-2", ["iso-8859-3"] = "iso-8859-3", ["iso-8859-4"] = "iso-8859-4",
        ["iso-8859-5"] = "iso-8859-5", ["iso-8859-6"] = "iso-8859-6", ["iso-8859-7"] = "iso-8859-7",
        ["iso-8859-8"] = "iso-8859-8", ["iso-8859-8-i"] = "iso-8859-8", ["iso-8859-10"] = "iso-8859-10",
        ["iso-8859-13"] = "iso-8859-13", ["iso-8859-14"] = "iso-8859-14", ["iso-8859-15"] = "iso-8859-15",
        ["iso-8859-16"] = "iso-8859-16", ["koi8-r"] = "koi8-r", ["koi8-u"] = "koi8-u", ["macintosh"] = "macintosh",
        ["windows-874"] = "windows-874", ["windows-1250"] = "windows-1250", ["windows-1251"] = "windows-1251",
        ["windows-1253"] = "windows-1253", ["windows-1254"] = "windows-1254", ["windows-1255"] = "windows-1255",
        ["windows-1256"] = "windows-1256", ["windows-1257"] = "windows-1257", ["windows-1258"] = "windows-1258",
        ["x-mac-cyrillic"] = "x-mac-cyrillic",
    };

    private static readonly HashSet<string> MultiByte = new(StringComparer.Ordinal)
    {
        "gb18030", "gbk", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr", "replacement",
    };

    /// <summary>True for the encoding names (lower case, as the standard spells them) this class decodes.</summary>
    public static bool Decodes(string encoding) => SingleByteTables.ContainsKey(encoding) || MultiByte.Contains(encoding);

    /// <summary>
    /// Decodes <paramref name="input"/> as the next chunk of a stream in <paramref name="encoding"/>, continuing from
    /// <paramref name="state"/> and leaving the state to continue from in it; <paramref name="flush"/> ends the stream
    /// (an unfinished sequence is an error, and the state returns to 0). Returns null at the first error when
    /// <paramref name="fatal"/>, and puts U+FFFD for each error otherwise.
    /// </summary>
    public static string? Decode(string encoding, ReadOnlySpan<byte> input, ref int state, bool flush, bool fatal)
    {
        if (input.Length > MaxInput) throw new ArgumentException($"At most {MaxInput} bytes are decoded in one call.", nameof(input));
        if (state < 0) throw new ArgumentOutOfRangeException(nameof(state), "A decoder state is never negative.");
        if (SingleByteTables.TryGetValue(encoding, out string? table))
            return SingleByte(EncodingTables.Shared[table], input, fatal);
        Handler handler = encoding switch
        {
            "gb18030" or "gbk" => Gb18030,
            "big5" => Big5,
            "euc-jp" => EucJp,
            "iso-2022-jp" => Iso2022Jp,
            "shift_jis" => ShiftJis,
            "euc-kr" => EucKr,
            "replacement" => Replacement,
            _ => throw new ArgumentException($"'{encoding}' is not a legacy encoding the host decodes.", nameof(encoding)),
        };
        var decoder = new State(state);
        var output = new Output(input.Length);
        try
        {
            Span<int> front = stackalloc int[8];
            var queue = new Queue(input, front);
            // Encoding Standard, "process a queue": items until the end of the chunk; at the end of the stream the
            // handler sees end-of-queue until it returns finished.
            while (true)
            {
                int item = queue.Read();
                if (item == EndOfQueue && !flush) break;
                int result = handler(item, ref queue, ref decoder, ref output);
                if (result == Finished) break;
                if (result == Error)
                {
                    if (fatal) return null;
                    output.Add(0xFFFD);
                }
                else if (result >= 0) output.Add(result);
            }
            state = flush ? 0 : decoder.Pack();
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    // 9.1 single-byte decoder: no state. Every single-byte index is within the BMP.
    private static string? SingleByte(int[] index, ReadOnlySpan<byte> input, bool fatal)
    {
        if (input.IsEmpty) return string.Empty;
        char[] buffer = ArrayPool<char>.Shared.Rent(input.Length);
        try
        {
            for (int i = 0; i < input.Length; i++)
            {
                byte b = input[i];
                int codePoint = b < 0x80 ? b : index[b - 0x80];
                if (codePoint == 0 && b >= 0x80)
                {
                    if (fatal) return null;
                    codePoint = 0xFFFD;
                }
                buffer[i] = (char)codePoint;
            }
            return new string(buffer, 0, input.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private delegate int Handler(int item, ref Queue queue, ref State state, ref Output output);

    private static bool IsAscii(int item) => item is >= 0 and <= 0x7F;

    // Steps the two-byte decoders (gb18030, Big5, EUC-JP, Shift_JIS, EUC-KR) share, as the standard words them.

    /// <summary>End of queue: an error if a leading byte is pending (it is dropped), else finished.</summary>
    private static int AtEndOfQueue(ref State s)
    {
        if (s.First == 0) return Finished;
        s.First = 0;
        return Error;
    }

    /// <summary>After a leading byte: the code point, or an error, an ASCII trail byte going back to the queue.</summary>
    private static int CodePointOrError(int codePoint, int item, ref Queue queue)
    {
        if (codePoint >= 0) return codePoint;
        if (IsAscii(item)) queue.Restore(item);
        return Error;
    }

    /// <summary>No byte pending: an ASCII byte is itself, 0x81–0xFE starts a sequence, anything else is an error.</summary>
    private static int AsciiOrLead(int item, ref State s)
    {
        if (IsAscii(item)) return item;
        if (item is >= 0x81 and <= 0xFE)
        {
            s.First = item;
            return Continue;
        }
        return Error;
    }

    /// <summary>Encoding Standard, "index code point"; -1 for null.</summary>
    private static int IndexCodePoint(int[] table, int pointer) =>
        (uint)pointer < (uint)table.Length && table[pointer] != 0 ? table[pointer] : -1;

    // 10.2.1 gb18030 decoder (GBK's decoder is gb18030's). State: First, Second, Third.
    private static int Gb18030(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue)
        {
            if (s.First == 0 && s.Second == 0 && s.Third == 0) return Finished;
            s.First = s.Second = s.Third = 0;
            return Error;
        }
        if (s.Third != 0)
        {
            if (item is < 0x30 or > 0x39)
            {
                queue.Restore(s.Second, s.Third, item);
                s.First = s.Second = s.Third = 0;
                return Error;
            }
            int codePoint = Gb18030RangesCodePoint(
                (s.First - 0x81) * (10 * 126 * 10) + (s.Second - 0x30) * (10 * 126) + (s.Third - 0x81) * 10 + item - 0x30);
            s.First = s.Second = s.Third = 0;
            return codePoint < 0 ? Error : codePoint;
        }
        if (s.Second != 0)
        {
            if (item is >= 0x81 and <= 0xFE)
            {
                s.Third = item;
                return Continue;
            }
            queue.Restore(s.Second, item);
            s.First = s.Second = 0;
            return Error;
        }
        if (s.First != 0)
        {
            if (item is >= 0x30 and <= 0x39)
            {
                s.Second = item;
                return Continue;
            }
            int leading = s.First;
            s.First = 0;
            int offset = item < 0x7F ? 0x40 : 0x41;
            int codePoint = item is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFE)
                ? IndexCodePoint(EncodingTables.Shared.Gb18030, (leading - 0x81) * 190 + (item - offset))
                : -1;
            return CodePointOrError(codePoint, item, ref queue);
        }
        if (item == 0x80) return 0x20AC;
        return AsciiOrLead(item, ref s);
    }

    /// <summary>Encoding Standard, "index gb18030 ranges code point"; -1 for null.</summary>
    internal static int Gb18030RangesCodePoint(int pointer)
    {
        if (pointer is > 39419 and < 189000 || pointer > 1237575) return -1;
        if (pointer == 7457) return 0xE7C7;
        int[] ranges = EncodingTables.Shared.Gb18030Ranges;  // pointer, code point, pointer, code point, …
        int low = 0, high = ranges.Length / 2 - 1;
        while (low < high)  // the last range whose pointer is <= pointer
        {
            int middle = (low + high + 1) / 2;
            if (ranges[2 * middle] <= pointer) low = middle;
            else high = middle - 1;
        }
        return ranges[2 * low + 1] + pointer - ranges[2 * low];
    }

    // 11.1.1 Big5 decoder. State: First (Big5 leading).
    private static int Big5(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue) return AtEndOfQueue(ref s);
        if (s.First != 0)
        {
            int leading = s.First;
            s.First = 0;
            int pointer = -1;
            int offset = item < 0x7F ? 0x40 : 0x62;
            if (item is (>= 0x40 and <= 0x7E) or (>= 0xA1 and <= 0xFE)) pointer = (leading - 0x81) * 157 + (item - offset);
            switch (pointer)  // the pointers that decode to two code points
            {
                case 1133: output.Add(0x00CA); return 0x0304;
                case 1135: output.Add(0x00CA); return 0x030C;
                case 1164: output.Add(0x00EA); return 0x0304;
                case 1166: output.Add(0x00EA); return 0x030C;
            }
            int codePoint = pointer < 0 ? -1 : IndexCodePoint(EncodingTables.Shared.Big5, pointer);
            return CodePointOrError(codePoint, item, ref queue);
        }
        return AsciiOrLead(item, ref s);
    }

    // 12.1.1 EUC-JP decoder. State: First (EUC-JP leading), Flag (EUC-JP jis0212).
    private static int EucJp(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue) return AtEndOfQueue(ref s);
        if (s.First == 0x8E && item is >= 0xA1 and <= 0xDF)
        {
            s.First = 0;
            return 0xFF61 - 0xA1 + item;
        }
        if (s.First == 0x8F && item is >= 0xA1 and <= 0xFE)
        {
            s.Flag = true;
            s.First = item;
            return Continue;
        }
        if (s.First != 0)
        {
            int leading = s.First;
            s.First = 0;
            int codePoint = -1;
            if (leading is >= 0xA1 and <= 0xFE && item is >= 0xA1 and <= 0xFE)
                codePoint = IndexCodePoint(s.Flag ? EncodingTables.Shared.Jis0212 : EncodingTables.Shared.Jis0208, (leading - 0xA1) * 94 + item - 0xA1);
            s.Flag = false;
            return CodePointOrError(codePoint, item, ref queue);
        }
        if (IsAscii(item)) return item;
        if (item is 0x8E or 0x8F or (>= 0xA1 and <= 0xFE))
        {
            s.First = item;
            return Continue;
        }
        return Error;
    }

    // 12.2.1 ISO-2022-JP decoder. State: Mode (decoder state), OutputMode (decoder output state), First (leading),
    // Flag (output).
    private const int Ascii = 0, Roman = 1, Katakana = 2, LeadByte = 3, TrailByte = 4, EscapeStart = 5, Escape = 6;

    private static int Iso2022Jp(int item, ref Queue queue, ref State s, ref Output output)
    {
        switch (s.Mode)
        {
            case Ascii:
            case Roman:
                if (item == 0x1B)
                {
                    s.Mode = EscapeStart;
                    return Continue;
                }
                if (item == EndOfQueue) return Finished;
                if (item is >= 0x00 and <= 0x7F and not 0x0E and not 0x0F)
                {
                    s.Flag = false;
                    if (s.Mode == Roman && item == 0x5C) return 0x00A5;
                    if (s.Mode == Roman && item == 0x7E) return 0x203E;
                    return item;
                }
                s.Flag = false;
                return Error;
            case Katakana:
                if (item == 0x1B)
                {
                    s.Mode = EscapeStart;
                    return Continue;
                }
                if (item == EndOfQueue) return Finished;
                s.Flag = false;
                return item is >= 0x21 and <= 0x5F ? 0xFF61 - 0x21 + item : Error;
            case LeadByte:
                if (item == 0x1B)
                {
                    s.Mode = EscapeStart;
                    return Continue;
                }
                if (item == EndOfQueue) return Finished;
                s.Flag = false;
                if (item is >= 0x21 and <= 0x7E)
                {
                    s.First = item;
                    s.Mode = TrailByte;
                    return Continue;
                }
                return Error;
            case TrailByte:
                if (item == 0x1B)
                {
                    s.Mode = EscapeStart;
                    return Error;
                }
                s.Mode = LeadByte;
                if (item is >= 0x21 and <= 0x7E)
                {
                    int codePoint = IndexCodePoint(EncodingTables.Shared.Jis0208, (s.First - 0x21) * 94 + item - 0x21);
                    return codePoint >= 0 ? codePoint : Error;
                }
                return Error;
            case EscapeStart:
                if (item is 0x24 or 0x28)
                {
                    s.First = item;
                    s.Mode = Escape;
                    return Continue;
                }
                if (item != EndOfQueue) queue.Restore(item);
                s.Flag = false;
                s.Mode = s.OutputMode;
                return Error;
            case Escape:
            {
                int leading = s.First;
                s.First = 0;
                int state = (leading, item) switch
                {
                    (0x28, 0x42) => Ascii,
                    (0x28, 0x4A) => Roman,
                    (0x28, 0x49) => Katakana,
                    (0x24, 0x40 or 0x42) => LeadByte,
                    _ => -1,
                };
                if (state >= 0)
                {
                    s.Mode = s.OutputMode = state;
                    bool wasOutput = s.Flag;
                    s.Flag = true;
                    return wasOutput ? Error : Continue;
                }
                if (item == EndOfQueue) queue.Restore(leading);
                else queue.Restore(leading, item);
                s.Flag = false;
                s.Mode = s.OutputMode;
                return Error;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(s), "Not an ISO-2022-JP decoder state.");
        }
    }

    // 12.3.1 Shift_JIS decoder. State: First (Shift_JIS leading).
    private static int ShiftJis(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue) return AtEndOfQueue(ref s);
        if (s.First != 0)
        {
            int leading = s.First;
            s.First = 0;
            int pointer = -1;
            int offset = item < 0x7F ? 0x40 : 0x41;
            int leadingOffset = leading < 0xA0 ? 0x81 : 0xC1;
            if (item is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFC)) pointer = (leading - leadingOffset) * 188 + item - offset;
            if (pointer is >= 8836 and <= 10715) return 0xE000 - 8836 + pointer;  // EUDC, the Private Use Area
            int codePoint = pointer < 0 ? -1 : IndexCodePoint(EncodingTables.Shared.Jis0208, pointer);
            return CodePointOrError(codePoint, item, ref queue);
        }
        if (IsAscii(item) || item == 0x80) return item;
        if (item is >= 0xA1 and <= 0xDF) return 0xFF61 - 0xA1 + item;
        if (item is (>= 0x81 and <= 0x9F) or (>= 0xE0 and <= 0xFC))
        {
            s.First = item;
            return Continue;
        }
        return Error;
    }

    // 13.1.1 EUC-KR decoder. State: First (EUC-KR leading).
    private static int EucKr(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue) return AtEndOfQueue(ref s);
        if (s.First != 0)
        {
            int leading = s.First;
            s.First = 0;
            int codePoint = item is >= 0x41 and <= 0xFE ? IndexCodePoint(EncodingTables.Shared.EucKr, (leading - 0x81) * 190 + (item - 0x41)) : -1;
            return CodePointOrError(codePoint, item, ref queue);
        }
        return AsciiOrLead(item, ref s);
    }

    // 14.1.1 replacement decoder. State: Flag (replacement error returned).
    private static int Replacement(int item, ref Queue queue, ref State s, ref Output output)
    {
        if (item == EndOfQueue || s.Flag) return Finished;
        s.Flag = true;
        return Error;
    }

    /// <summary>
    /// A decoder's state unpacked from its number: bits 0–7 First, 8–15 Second, 16–23 Third, 24–26 Mode, 27–29
    /// OutputMode, 30 Flag.
    /// </summary>
    private struct State(int packed)
    {
        public int First = packed & 0xFF;
        public int Second = (packed >> 8) & 0xFF;
        public int Third = (packed >> 16) & 0xFF;
        public int Mode = (packed >> 24) & 0x7;
        public int OutputMode = (packed >> 27) & 0x7;
        public bool Flag = (packed & (1 << 30)) != 0;

        public readonly int Pack() => First | Second << 8 | Third << 16 | Mode << 24 | OutputMode << 27 | (Flag ? 1 << 30 : 0);
    }

    /// <summary>The bytes of one call, behind the bytes a handler restored (the standard's "restore"), which come first.</summary>
    private ref struct Queue(ReadOnlySpan<byte> input, Span<int> front)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private readonly Span<int> _front = front;  // a stack: the next item is on top
        private int _position;
        private int _frontCount;

        /// <summary>The next byte, or <see cref="EndOfQueue"/> at the end of the chunk.</summary>
        public int Read()
        {
            if (_frontCount > 0) return _front[--_frontCount];
            return _position < _input.Length ? _input[_position++] : EndOfQueue;
        }

        public void Restore(int a) => _front[_frontCount++] = a;

        public void Restore(int a, int b)
        {
            Restore(b);
            Restore(a);
        }

        public void Restore(int a, int b, int c)
        {
            Restore(c);
            Restore(b);
            Restore(a);
        }
    }

    /// <summary>UTF-16 output in a pooled buffer that grows as needed.</summary>
    private struct Output(int inputLength) : IDisposable
    {
        private char[] _buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, inputLength + 4));
        private int _length;

        public void Add(int codePoint)
        {
            if (_length + 2 > _buffer.Length)
            {
                char[] larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = larger;
            }
            if (codePoint < 0x10000)
            {
                _buffer[_length++] = (char)codePoint;
            }
            else
            {
                codePoint -= 0x10000;
                _buffer[_length++] = (char)(0xD800 + (codePoint >> 10));
                _buffer[_length++] = (char)(0xDC00 + (codePoint & 0x3FF));
            }
        }

        public readonly override string ToString() => new(_buffer, 0, _length);

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
