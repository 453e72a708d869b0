using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// The request as <c>invoke()</c> takes it: <c>{"method","url","headers":[[name,value]…],"cf"}</c>, written straight
/// into a per-thread buffer. Every request crosses this way, so it avoids what the serializer of an anonymous
/// object costs per call (the header pairs as arrays, and <c>cf</c> parsed into a document only to be written out again).
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
}
