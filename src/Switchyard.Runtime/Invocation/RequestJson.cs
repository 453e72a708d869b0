using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// A request as it crosses between host and JS: <c>{"method","url","headers":[[name,value]…],"cf"}</c>. Written straight
/// into a per-thread buffer for <c>invoke()</c>, and read in one pass from a binding's <c>fetch()</c>. Every request
/// crosses this way, so neither goes through the serializer (the header pairs as arrays, and <c>cf</c> parsed into a
/// document only to be written out again).
/// </summary>
internal static class RequestJson
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <param name="withCf">Whether <c>cf</c> is shown (trusted workers only); null otherwise.</param>
    public static string Write(WorkerRequest request, bool withCf)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);

        writer.WriteStartObject();
        writer.WriteString("method", request.Method);
        writer.WriteString("url", request.Url);
        writer.WriteStartArray("headers");
        foreach (var (name, value) in request.Headers)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(name.ToLowerInvariant());
            writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("cf");
        // CfJson is JSON this process wrote (the edge) or parsed (a binding's request), so it is not validated again.
        if (withCf && request.CfJson is { } cf) writer.WriteRawValue(cf, skipInputValidation: true);
        else writer.WriteNullValue();
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The request a binding's <c>fetch()</c> hands over; <c>cf</c> is kept only when it is an object.</summary>
    public static WorkerRequest Read(string json, Stream? body)
    {
        var (method, url, headers, cf) = HostJson.Read(json, ReadParts);
        return new WorkerRequest(method, url, headers, body, cf);
    }

    private static (string, string, List<KeyValuePair<string, string>>, string?) ReadParts(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? method = null, url = null, cf = null;
        List<KeyValuePair<string, string>> headers = [];
        HostJson.Expect(ref reader, JsonTokenType.StartObject);
        while (HostJson.Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8)) method = HostJson.ReadString(ref reader);
            else if (reader.ValueTextEquals("url"u8)) url = HostJson.ReadString(ref reader);
            else if (reader.ValueTextEquals("headers"u8)) headers = HostJson.ReadHeaders(ref reader);
            else if (reader.ValueTextEquals("cf"u8))
            {
                if (HostJson.Next(ref reader) != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                cf = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
            }
            else HostJson.SkipValue(ref reader);
        }
        return (method ?? throw new JsonException("The request has no method."), url ?? throw new JsonException("The request has no url."), headers, cf);
    }
}
