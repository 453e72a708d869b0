using System.Text.Json;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>How the channel's heads are written: JSON with the web defaults (camelCase, case-insensitive reads).</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Read<T>(ReadOnlyMemory<byte> json) => JsonSerializer.Deserialize<T>(json.Span, Options)
        ?? throw new InvalidDataException($"A channel message is null where a {typeof(T).Name} was expected.");
}
