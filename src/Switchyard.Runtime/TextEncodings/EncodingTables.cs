using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;

namespace Switchyard.Runtime.TextEncodings;

/// <summary>
/// The Encoding Standard's index tables of the legacy encodings, for the whole process: read from the embedded
/// <c>encoding-tables.bin</c> (generated at build time by <c>js/encoding-data.mjs</c> from the WHATWG indexes) on the
/// first legacy decode, never before, so a process whose workers decode only UTF-8 holds none of them.
/// </summary>
internal sealed class EncodingTables
{
    private static readonly Lazy<EncodingTables> Embedded = new(() => Read(OpenEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, int[]> _tables;

    private EncodingTables(Dictionary<string, int[]> tables)
    {
        _tables = tables;
        Big5 = this["big5"];
        EucKr = this["euc-kr"];
        Gb18030 = this["gb18030"];
        Gb18030Ranges = this["gb18030-ranges"];
        Jis0208 = this["jis0208"];
        Jis0212 = this["jis0212"];
    }

    public int[] Big5 { get; }
    public int[] EucKr { get; }
    public int[] Gb18030 { get; }

    /// <summary>index gb18030 ranges, flattened: pointer, code point, pointer, code point, …</summary>
    public int[] Gb18030Ranges { get; }
    public int[] Jis0208 { get; }
    public int[] Jis0212 { get; }

    /// <summary>The embedded tables, loaded on first use.</summary>
    public static EncodingTables Shared => Embedded.Value;

    /// <summary>True once <see cref="Shared"/> has been loaded (for tests of the laziness).</summary>
    public static bool IsLoaded => Embedded.IsValueCreated;

    /// <summary>The index <paramref name="name"/> ("jis0208", "big5", "iso-8859-2", …): code points by pointer, 0 where none.</summary>
    public int[] this[string name] =>
        _tables.TryGetValue(name, out int[]? table) ? table : throw new KeyNotFoundException($"No index table '{name}'.");

    public IReadOnlyCollection<string> Names => _tables.Keys;

    private static Stream OpenEmbedded() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Switchyard.Runtime.encoding-tables.bin")
        ?? throw new InvalidOperationException("encoding-tables.bin is not embedded in the assembly.");

    /// <summary>Reads the gzip-compressed format that <c>js/encoding-data.mjs</c> writes.</summary>
    public static EncodingTables Read(Stream compressed)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        ReadOnlySpan<byte> data = memory.GetBuffer().AsSpan(0, (int)memory.Length);

        if (data.Length < 6 || !data[..4].SequenceEqual("SYET"u8) || data[4] != 1)
            throw new InvalidDataException("encoding-tables.bin is not in format 1.");
        int count = data[5];
        int position = 6;
        var tables = new Dictionary<string, int[]>(count, StringComparer.Ordinal);
        for (int t = 0; t < count; t++)
        {
            int nameLength = data[position];
            string name = System.Text.Encoding.ASCII.GetString(data.Slice(position + 1, nameLength));
            position += 1 + nameLength;
            int width = data[position];
            int entries = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data[(position + 1)..]));
            position += 5;
            var table = new int[entries];
            for (int i = 0; i < entries; i++)
            {
                table[i] = width == 2
                    ? BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2 * i)..])
                    : checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data[(position + 4 * i)..]));
            }
            position += entries * width;
            tables.Add(name, table);
        }
        if (position != data.Length) throw new InvalidDataException("encoding-tables.bin has trailing bytes.");
        return new EncodingTables(tables);
    }
}
