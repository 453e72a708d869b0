using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Host;

/// <summary>
/// The JSON of a binding's <c>fetch()</c>: the dispatch target <c>DispatchNamespace.get()</c> writes, and the answer the
/// host sends back to <c>Fetcher.fetch</c> in worker-support.js. Every dispatched request crosses both ways, so they
/// skip the serializer.
/// </summary>
internal static class BindingJson
{
    private const int StackBytes = 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary><c>{"script","cpuMs","subRequests","outbound"}</c>, numbers and outbound null when not given.</summary>
    public static DispatchTarget ReadDispatchTarget(string json)
    {
        int max = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var reader = new Utf8JsonReader(utf8[..Encoding.UTF8.GetBytes(json, utf8)]);
            return ReadTarget(ref reader);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <c>{"status","statusText","headers","body","bytes"}</c>: the headers joined as <see cref="HostHeaderList"/> joins
    /// them; a body id to stream, or a slot holding the bytes whole.
    /// </summary>
    public static string WriteAnswer(WorkerResponse response, int? bodyId, int? bytesSlot) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("status"u8, response.Status);
        writer.WriteString("statusText"u8, response.StatusText);
        writer.WriteString("headers"u8, HostHeaderList.Join(response.Headers));
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

    private static DispatchTarget ReadTarget(ref Utf8JsonReader reader)
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

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The JSON ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"The JSON has {reader.TokenType} where {type} belongs.");
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
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
