using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// Writes a binary head (<see cref="BinaryHeads"/>): little-endian integers, strings as a length (-1 for null) and UTF-8,
/// lists as a count and their items. <see cref="HeadReader"/> reads them back in the same order. Written into a pooled
/// buffer; <see cref="ToArray"/> gives the head its own array and the buffer back, and ends the writer.
/// </summary>
internal sealed class HeadWriter(int capacity = 512)
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _length;

    public int Length => _length;

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer![_length++] = value;
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer!.AsSpan(_length), value);
        _length += 4;
    }

    public void Long(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer!.AsSpan(_length), value);
        _length += 8;
    }

    public void Double(double value) => Long(BitConverter.DoubleToInt64Bits(value));

    public void OptionalDouble(double? value)
    {
        Bool(value.HasValue);
        if (value is double v) Double(v);
    }

    /// <summary>An int at <paramref name="at"/>, written earlier as a placeholder (a length known only later).</summary>
    public void IntAt(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(Buffer.AsSpan(at), value);

    public void OptionalInt(int? value)
    {
        Bool(value.HasValue);
        if (value is int v) Int(v);
    }

    public void OptionalLong(long? value)
    {
        Bool(value.HasValue);
        if (value is long v) Long(v);
    }

    /// <summary>An enum of int as its int (<see cref="HeadReader.Enum{T}"/> refuses values it does not define).</summary>
    public void Enum<T>(T value) where T : struct, Enum
    {
        if (Unsafe.SizeOf<T>() != sizeof(int)) throw new NotSupportedException($"{typeof(T).Name} is not an enum of int.");
        Int(Unsafe.As<T, int>(ref value));
    }

    public void OptionalEnum<T>(T? value) where T : struct, Enum
    {
        Bool(value.HasValue);
        if (value is T v) Enum(v);
    }

    /// <summary>A nullable list's count, -1 for null (<see cref="HeadReader.OptionalCount"/>); its items follow.</summary>
    public void OptionalCount(int? count) => Int(count ?? -1);

    /// <summary>A nullable bool as one byte: 0 null, 1 false, 2 true.</summary>
    public void OptionalBool(bool? value) => Byte(value switch { null => 0, false => 1, true => 2 });

    public void String(string? value)
    {
        if (value is null)
        {
            Int(-1);
            return;
        }
        Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        int count = Encoding.UTF8.GetBytes(value, _buffer!.AsSpan(_length + 4));
        Int(count);
        _length += count;
    }

    public void Strings(IReadOnlyList<string> values)
    {
        Int(values.Count);
        foreach (string value in values) String(value);
    }

    public void Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Int(headers.Count);
        foreach (var (name, value) in headers)
        {
            String(name);
            String(value);
        }
    }

    /// <summary>A rarely set object as its JSON (<see cref="WireJson"/>), or null.</summary>
    public void Json<T>(T? value) where T : class
    {
        if (value is null)
        {
            Int(-1);
            return;
        }
        Bytes(WireJson.Write(value));
    }

    /// <summary>A length and the bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Int(bytes.Length);
        Raw(bytes);
    }

    /// <summary>The bytes alone, no length: what the reader takes as the rest.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer!.AsSpan(_length));
        _length += bytes.Length;
    }

    public byte[] ToArray()
    {
        byte[] head = Buffer.AsSpan(0, _length).ToArray();
        ArrayPool<byte>.Shared.Return(_buffer!);
        _buffer = null;
        return head;
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(HeadWriter), "The head was taken already.");

    private void Ensure(int more)
    {
        if (_length + more <= Buffer.Length) return;
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer!.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
