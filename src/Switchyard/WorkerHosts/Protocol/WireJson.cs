using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// How the channel's heads are written: JSON with the web defaults (camelCase, case-insensitive reads). The heads of
/// every request's path are compiled ahead (<see cref="WireJsonContext"/>); the rarer ones use reflection.
/// </summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(WireJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Read<T>(ReadOnlyMemory<byte> json) => JsonSerializer.Deserialize<T>(json.Span, Options)
        ?? throw new InvalidDataException($"A channel message is null where a {typeof(T).Name} was expected.");
}

/// <summary>
/// Serialization code generated at build time for the heads every KV operation, fetch and rate limit call sends: reflection-based JSON
/// was 4–5 % of each process's CPU under load (perf, hello through a host). An invocation's own head and reply, and a
/// binding call's head, are binary (<see cref="BinaryHeads"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KvHead))]
[JsonSerializable(typeof(KvReply))]
[JsonSerializable(typeof(FetchHead))]
[JsonSerializable(typeof(FetchReply))]
[JsonSerializable(typeof(RateLimitHead))]
[JsonSerializable(typeof(RateLimitReply))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
