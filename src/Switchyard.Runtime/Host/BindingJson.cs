using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Runtime.Invocation;
using static Switchyard.Runtime.Invocation.HostJson;

namespace Switchyard.Runtime.Host;

/// <summary>
/// The JSON of a binding's <c>fetch()</c> besides its request (<see cref="RequestJson.Read"/>): the dispatch target
/// <c>DispatchNamespace.get()</c> writes, and the answer the host sends back to <c>Fetcher.fetch</c> in worker-support.js.
/// Every dispatched request crosses both ways, so they skip the serializer, as the request does.
/// </summary>
internal static class BindingJson
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary><c>{"script","cpuMs","subRequests","outbound"}</c>, numbers and outbound null when not given.</summary>
    public static DispatchTarget ReadDispatchTarget(string json) => HostJson.Read(json, ReadTarget);

    /// <summary><c>{"status","statusText","headers":[[name,value]…],"body","bytes"}</c>: a body id to stream, or a slot holding the bytes whole.</summary>
    public static string WriteAnswer(WorkerResponse response, int? bodyId, int? bytesSlot) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("status"u8, response.Status);
        writer.WriteString("statusText"u8, response.StatusText);
        writer.WriteStartArray("headers"u8);
        foreach (var (name, value) in response.Headers)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(name);
            writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        WriteNumberOrNull(writer, "body"u8, bodyId);
        WriteNumberOrNull(writer, "bytes"u8, bytesSlot);
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

    private static DispatchTarget ReadTarget(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? script = null;
        double? cpuMs = null;
        int? subRequests = null;
        JsonElement? outbound = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("script"u8)) script = ReadString(ref reader);
            else if (reader.ValueTextEquals("cpuMs"u8)) cpuMs = Next(ref reader) == JsonTokenType.Null ? null : reader.GetDouble();
            else if (reader.ValueTextEquals("subRequests"u8)) subRequests = Next(ref reader) == JsonTokenType.Null ? null : reader.GetInt32();
            else if (reader.ValueTextEquals("outbound"u8))
            {
                Next(ref reader);
                outbound = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
            }
            else SkipValue(ref reader);
        }
        return new DispatchTarget(script ?? throw new JsonException("The dispatch target names no script."), cpuMs, subRequests, outbound);
    }

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
