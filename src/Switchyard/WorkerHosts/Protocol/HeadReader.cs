using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// Reads a binary head written by <see cref="HeadWriter"/>. Heads from a worker host are untrusted: every read is
/// bounds-checked, and a head that ends early, or announces more than it holds, fails with
/// <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct HeadReader(ReadOnlySpan<byte> head)
{
    private readonly ReadOnlySpan<byte> _head = head;
    private int _at;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        _ => throw Malformed(),
    };

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double Double() => BitConverter.Int64BitsToDouble(Long());

    public double? OptionalDouble() => Bool() ? Double() : null;

    public int? OptionalInt() => Bool() ? Int() : null;

    public long? OptionalLong() => Bool() ? Long() : null;

    public bool? OptionalBool() => Byte() switch
    {
        0 => null,
        1 => false,
        2 => true,
        _ => throw Malformed(),
    };

    public string? String()
    {
        int length = Int();
        if (length == -1) return null;
        return Encoding.UTF8.GetString(Take(length));
    }

    public string RequiredString() => String() ?? throw Malformed();

    public List<string> Strings()
    {
        int count = Count(minItemBytes: 4);
        var values = new List<string>(count);
        for (int i = 0; i < count; i++) values.Add(RequiredString());
        return values;
    }

    public List<KeyValuePair<string, string>> Headers()
    {
        int count = Count(minItemBytes: 8);
        var headers = new List<KeyValuePair<string, string>>(count);
        for (int i = 0; i < count; i++) headers.Add(new(RequiredString(), RequiredString()));
        return headers;
    }

    /// <summary>Bytes written with their length (<see cref="HeadWriter.Bytes"/>).</summary>
    public ReadOnlySpan<byte> Bytes() => Take(Int());

    public T? Json<T>() where T : class
    {
        int length = Int();
        if (length == -1) return null;
        return WireJson.Read<T>(Take(length).ToArray());
    }

    /// <summary>A list's count, no larger than the bytes left could hold.</summary>
    public int Count(int minItemBytes) => OptionalCount(minItemBytes) ?? throw Malformed();

    /// <summary>A nullable list's count (null written as -1), no larger than the bytes left could hold.</summary>
    public int? OptionalCount(int minItemBytes)
    {
        int count = Int();
        if (count == -1) return null;
        if (count < 0 || count > (_head.Length - _at) / minItemBytes) throw Malformed();
        return count;
    }

    /// <summary>An enum (of int) written as its int; one the enum does not define is refused.</summary>
    public T Enum<T>() where T : struct, Enum
    {
        if (Unsafe.SizeOf<T>() != sizeof(int)) throw new NotSupportedException($"{typeof(T).Name} is not an enum of int.");
        int value = Int();
        T named = Unsafe.As<int, T>(ref value);
        return System.Enum.IsDefined(named) ? named : throw new InvalidDataException($"A channel head names no known {typeof(T).Name}.");
    }

    public T? OptionalEnum<T>() where T : struct, Enum => Bool() ? Enum<T>() : null;

    /// <summary>Fails unless every byte was read.</summary>
    public readonly void End()
    {
        if (_at != _head.Length) throw Malformed();
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _head.Length - _at) throw Malformed();
        ReadOnlySpan<byte> taken = _head.Slice(_at, count);
        _at += count;
        return taken;
    }

    private static InvalidDataException Malformed() => new("A channel head is malformed.");
}
