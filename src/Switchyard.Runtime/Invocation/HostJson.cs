using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// What the hand-written readers of the JSON crossing between the host and the runtime's JS share: the string read as
/// UTF-8 from the stack (or a pooled buffer when long), token checks that name what is being read, and header lists.
/// Those readers exist because every request crosses this way, and the serializer's path for records with
/// constructors cost several times as much per call as one <see cref="Utf8JsonReader"/> pass.
/// </summary>
internal static class HostJson
{
    private const int StackBytes = 1024;

    /// <param name="json">The UTF-8 the reader reads, for a member kept as raw JSON text.</param>
    public delegate T Reader<out T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json);

    public static T Read<T>(string json, Reader<T> read)
    {
        int max = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            Span<byte> text = utf8[..Encoding.UTF8.GetBytes(json, utf8)];
            var reader = new Utf8JsonReader(text);
            return read(ref reader, text);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The JSON ends early.");

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"The JSON has {reader.TokenType} where {type} belongs.");
    }

    public static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    /// <summary>A <c>[[name,value]…]</c> list, the reader before its opening bracket.</summary>
    public static List<KeyValuePair<string, string>> ReadHeaders(ref Utf8JsonReader reader)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) == JsonTokenType.StartArray)
        {
            string name = ReadString(ref reader);
            string value = ReadString(ref reader);
            Expect(ref reader, JsonTokenType.EndArray);
            headers.Add(KeyValuePair.Create(name, value));
        }
        return headers;
    }

    /// <summary>Skips the value of the property the reader stands on.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }
}
