using Switchyard.Runtime.TextEncodings;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// The host's legacy decoders (decodeLegacy) on their own. tests/runtime-conformance/encoding.test.js checks them
/// through TextDecoder, against values from an independent implementation, in V8 with this host and in node.
/// </summary>
public class LegacyDecoderTests
{
    private static string? Decode(string encoding, byte[] bytes, bool fatal = false)
    {
        int state = 0;
        return LegacyDecoder.Decode(encoding, bytes, ref state, flush: true, fatal);
    }

    /// <summary>Decodes one byte per call, carrying the state as the runtime does, then flushes.</summary>
    private static string ByteByByte(string encoding, byte[] bytes)
    {
        int state = 0;
        string text = "";
        foreach (byte b in bytes) text += LegacyDecoder.Decode(encoding, [b], ref state, flush: false, fatal: false);
        text += LegacyDecoder.Decode(encoding, [], ref state, flush: true, fatal: false);
        Assert.Equal(0, state);
        return text;
    }

    [Fact]
    public void The_embedded_tables_hold_the_standards_indexes()
    {
        EncodingTables tables = EncodingTables.Shared;
        // Pointers with a code point in whatwg/encoding's index-*.txt.
        Assert.Equal(18590, tables.Big5.Count(c => c != 0));
        Assert.Equal(17048, tables.EucKr.Count(c => c != 0));
        Assert.Equal(23940, tables.Gb18030.Count(c => c != 0));
        Assert.Equal(7724, tables.Jis0208.Count(c => c != 0));
        Assert.Equal(6067, tables.Jis0212.Count(c => c != 0));
        Assert.Equal(2 * 207, tables.Gb18030Ranges.Length);
        Assert.Equal(26 + 6, tables.Names.Count);
        foreach (string name in tables.Names.Where(n => n.StartsWith("iso-8859-") || n.StartsWith("windows-") || n.StartsWith("koi8")))
            Assert.Equal(128, tables[name].Length);
    }

    [Theory]
    [InlineData("iso-8859-2", new byte[] { 0x41, 0xA1, 0xB1, 0xFF }, "A\u0104\u0105\u02D9")]
    [InlineData("iso-8859-8-i", new byte[] { 0xE0, 0xFD }, "\u05D0\u200E")]
    [InlineData("koi8-r", new byte[] { 0xC1, 0xE1 }, "\u0430\u0410")]
    [InlineData("ibm866", new byte[] { 0x80, 0xFF }, "\u0410\u00A0")]
    [InlineData("windows-874", new byte[] { 0x80, 0xDB }, "\u20AC\uFFFD")]
    [InlineData("x-mac-cyrillic", new byte[] { 0xFF }, "\u20AC")]
    [InlineData("gb18030", new byte[] { 0xC4, 0xE3, 0x80, 0xFF }, "\u4F60\u20AC\uFFFD")]
    [InlineData("gbk", new byte[] { 0x81, 0x30, 0x81, 0x30, 0xA6, 0xD9 }, "\u0080\uFE10")]
    [InlineData("gb18030", new byte[] { 0x90, 0x30, 0x81, 0x30, 0xE3, 0x32, 0x9A, 0x35 }, "\U00010000\U0010FFFF")]
    [InlineData("gb18030", new byte[] { 0x81, 0x30, 0x81, 0x41 }, "\uFFFD0\u4E04")]
    [InlineData("gb18030", new byte[] { 0x84, 0x31, 0xA5, 0x30 }, "\uFFFD")]
    [InlineData("big5", new byte[] { 0x88, 0x62, 0x88, 0xA5, 0x87, 0x45 }, "\u00CA\u0304\u00EA\u030C\U00027267")]
    [InlineData("big5", new byte[] { 0x81, 0x41, 0xA4, 0x40 }, "\uFFFDA\u4E00")]
    [InlineData("euc-jp", new byte[] { 0xA4, 0xA2, 0x8E, 0xA1, 0x8F, 0xA2, 0xAF }, "\u3042\uFF61\u02D8")]
    [InlineData("euc-jp", new byte[] { 0xA4, 0x41, 0x8F, 0xA1, 0xA1 }, "\uFFFDA\uFFFD")]
    [InlineData("iso-2022-jp", new byte[] { 0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x4A, 0x5C, 0x7E, 0x1B, 0x28, 0x49, 0x21 }, "\u3042\u00A5\u203E\uFF61")]
    [InlineData("iso-2022-jp", new byte[] { 0x1B, 0x28, 0x42, 0x1B, 0x28, 0x42, 0x61 }, "\uFFFDa")]
    [InlineData("iso-2022-jp", new byte[] { 0x1B, 0x24, 0x58 }, "\uFFFD$X")]
    [InlineData("iso-2022-jp", new byte[] { 0x1B, 0x24 }, "\uFFFD$")]
    [InlineData("iso-2022-jp", new byte[] { 0x0E, 0x80, 0x61 }, "\uFFFD\uFFFDa")]
    [InlineData("shift_jis", new byte[] { 0x82, 0xA0, 0x80, 0xA1, 0xF0, 0x40, 0xA0 }, "\u3042\u0080\uFF61\uE000\uFFFD")]
    [InlineData("shift_jis", new byte[] { 0x81, 0x7F, 0x81 }, "\uFFFD\u007F\uFFFD")]
    [InlineData("euc-kr", new byte[] { 0xB0, 0xA1, 0x81, 0x41, 0xC8, 0x41 }, "\uAC00\uAC02\uFFFDA")]
    [InlineData("replacement", new byte[] { 0x61, 0x62 }, "\uFFFD")]
    [InlineData("replacement", new byte[0], "")]
    public void Decodes_as_the_standard_says(string encoding, byte[] bytes, string expected)
    {
        Assert.Equal(expected, Decode(encoding, bytes));
        Assert.Equal(expected, ByteByByte(encoding, bytes));
        if (expected.Contains('\uFFFD')) Assert.Null(Decode(encoding, bytes, fatal: true));
        else Assert.Equal(expected, Decode(encoding, bytes, fatal: true));
    }

    [Fact]
    public void The_state_carries_pending_bytes_and_modes_and_a_flush_clears_it()
    {
        int state = 0;
        Assert.Equal("", LegacyDecoder.Decode("gb18030", [0x90, 0x30, 0x81], ref state, false, false));
        Assert.NotEqual(0, state);
        Assert.Equal("\U00010000", LegacyDecoder.Decode("gb18030", [0x30], ref state, false, false));
        Assert.Equal(0, state);

        state = 0;
        Assert.Equal("", LegacyDecoder.Decode("iso-2022-jp", [0x1B, 0x24, 0x42], ref state, false, false));
        Assert.Equal("\u3042", LegacyDecoder.Decode("iso-2022-jp", [0x24, 0x22, 0x24], ref state, false, false));
        Assert.Equal("\uFFFD", LegacyDecoder.Decode("iso-2022-jp", [], ref state, true, false));  // the lone lead at the end
        Assert.Equal(0, state);

        state = 0;
        Assert.Equal("", LegacyDecoder.Decode("replacement", [], ref state, false, false));
        Assert.Equal("\uFFFD", LegacyDecoder.Decode("replacement", [0x01], ref state, false, false));
        Assert.Equal("", LegacyDecoder.Decode("replacement", [0x02], ref state, true, false));  // one error per stream
    }

    [Fact]
    public void Index_gb18030_ranges_code_point()
    {
        Assert.Equal(0x80, LegacyDecoder.Gb18030RangesCodePoint(0));
        Assert.Equal(0xA5, LegacyDecoder.Gb18030RangesCodePoint(36));
        Assert.Equal(0xE7C7, LegacyDecoder.Gb18030RangesCodePoint(7457));
        Assert.Equal(0xFFFF, LegacyDecoder.Gb18030RangesCodePoint(39419));
        Assert.Equal(-1, LegacyDecoder.Gb18030RangesCodePoint(39420));
        Assert.Equal(-1, LegacyDecoder.Gb18030RangesCodePoint(188999));
        Assert.Equal(0x10000, LegacyDecoder.Gb18030RangesCodePoint(189000));
        Assert.Equal(0x10FFFF, LegacyDecoder.Gb18030RangesCodePoint(1237575));
        Assert.Equal(-1, LegacyDecoder.Gb18030RangesCodePoint(1237576));
    }

    [Fact]
    public void One_call_is_bounded_and_refuses_what_it_does_not_decode()
    {
        int state = 0;
        var most = new byte[LegacyDecoder.MaxInput];
        Array.Fill(most, (byte)0x41);
        Assert.Equal(LegacyDecoder.MaxInput, LegacyDecoder.Decode("shift_jis", most, ref state, true, false)!.Length);
        Assert.Throws<ArgumentException>(() => LegacyDecoder.Decode("shift_jis", new byte[LegacyDecoder.MaxInput + 1], ref state, true, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => { int bad = -1; LegacyDecoder.Decode("big5", [0x41], ref bad, true, false); });
        Assert.Throws<ArgumentException>(() => LegacyDecoder.Decode("utf-8", [0x41], ref state, true, false));
        Assert.False(LegacyDecoder.Decodes("windows-1252"));  // decoded by the runtime's JS
        Assert.False(LegacyDecoder.Decodes("x-user-defined"));
        Assert.True(LegacyDecoder.Decodes("iso-8859-8-i"));
    }

    [Fact]
    public void Output_may_outgrow_the_input()
    {
        // Bytes restored from the state give more UTF-16 units than the call's input; astral code points from two
        // bytes give as many units as bytes.
        int state = 0;
        Assert.Equal("", LegacyDecoder.Decode("gb18030", [0x81, 0x30, 0x81], ref state, false, false));
        string? text = LegacyDecoder.Decode("gb18030", [0x41], ref state, true, false);
        Assert.Equal("\uFFFD0\u4E04", text);
        var pairs = new byte[LegacyDecoder.MaxInput];
        for (int i = 0; i < pairs.Length; i += 2) (pairs[i], pairs[i + 1]) = ((byte)0x87, (byte)0x45);
        state = 0;
        Assert.Equal(string.Concat(Enumerable.Repeat("\U00027267", pairs.Length / 2)), LegacyDecoder.Decode("big5", pairs, ref state, true, false));
    }
}
