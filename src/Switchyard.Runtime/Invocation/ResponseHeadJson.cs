using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// Reads the response head <c>invoke()</c> hands over: <c>{"status":N,"statusText":"…","headers":[[name,value]…]}</c>.
/// Every worker response crosses this way, so it is read with a plain <see cref="Utf8JsonReader"/> pass rather than
/// the serializer's path for records with constructors, which cost several times as much per call.
/// </summary>
internal static class ResponseHeadJson
{
    private const int StackBytes = 1024;

    public static (int Status, string StatusText, KeyValuePair<string, string>[] Headers) Read(string json)
    {
        int max = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var reader = new Utf8JsonReader(utf8[..Encoding.UTF8.GetBytes(json, utf8)]);
            int status = 0;
            string statusText = "";
            var headers = new List<KeyValuePair<string, string>>();
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    Expect(ref reader, JsonTokenType.Number);
                    status = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("statusText"u8))
                {
                    Expect(ref reader, JsonTokenType.String);
                    statusText = reader.GetString()!;
                }
                else if (reader.ValueTextEquals("headers"u8))
                {
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) == JsonTokenType.StartArray)
                    {
                        Expect(ref reader, JsonTokenType.String);
                        string name = reader.GetString()!;
                        Expect(ref reader, JsonTokenType.String);
                        string value = reader.GetString()!;
                        Expect(ref reader, JsonTokenType.EndArray);
                        headers.Add(KeyValuePair.Create(name, value));
                    }
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }
            return (status, statusText, [.. headers]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The response head ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"The response head has {reader.TokenType} where {type} belongs.");
    }
}
