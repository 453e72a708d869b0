using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.JsApi;

/// <summary>
/// The JSON of a binding's <c>fetch()</c> answer, which the host sends back to <c>Fetcher.fetch</c> in worker-support.js.
/// Every dispatched request crosses this way, so it skips the serializer.
/// </summary>
internal static class BindingJson
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// <c>{"status","statusText","headers","body","bytes"}</c>: the headers joined as <see cref="HostHeaderList"/> joins
    /// them; a body id to stream, or a slot holding the bytes whole.
    /// </summary>
    /// With <paramref name="webSocketId"/>, also <c>"webSocket"</c>: the caller's id of the WebSocket the response carries.
    public static string WriteAnswer(WorkerResponse response, int? bodyId, int? bytesSlot, int? webSocketId = null) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("status"u8, response.Status);
        writer.WriteString("statusText"u8, response.StatusText);
        writer.WriteString("headers"u8, HostHeaderList.Join(response.Headers));
        WriteNumberOrNull(writer, "body"u8, bodyId);
        WriteNumberOrNull(writer, "bytes"u8, bytesSlot);
        if (webSocketId is int socket) writer.WriteNumber("webSocket"u8, socket);
        writer.WriteEndObject();
    });

    /// <summary><c>{"failure":{"message","limit"}}</c>: the dispatched worker failed, and the caller's fetch() rejects.</summary>
    public static string WriteFailure(string message, bool limit) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("failure"u8);
        writer.WriteString("message"u8, message);
        writer.WriteBoolean("limit"u8, limit);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteNumberOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is int number) writer.WriteNumber(name, number);
        else writer.WriteNull(name);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
