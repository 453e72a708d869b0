using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Bulk writes (<c>PUT /bulk</c>, up to 10,000 items, base64 values decoded), bulk reads (<c>POST /bulk/get</c>, up to
/// 100 keys) and bulk deletes (<c>DELETE /bulk</c> as wrangler sends it, <c>POST /bulk/delete</c> as the newer API).
/// A bulk write or delete checks every item before touching anything and then applies them all in one transaction.
/// </summary>
internal static class KvBulkEndpoints
{
    private const int MaxBulkItems = 10_000;
    private const int MaxBulkGetKeys = 100;

    public static void Map(RouteGroupBuilder namespaces)
    {
        namespaces.MapPut("/{namespace_id}/bulk", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "bulk put");
            var items = Array(await KvRequestBody.ReadJsonAsync(ctx.Request, KvRequestBody.MaxJsonBytes, ctx.RequestAborted), "key-value pairs");
            var writes = items.Select(ReadWrite).ToList();
            await kv.PutManyAsync(ns.Id, writes, ctx.RequestAborted);
            return ApiResults.Ok(new { successful_key_count = writes.Count, unsuccessful_keys = System.Array.Empty<string>() });
        });

        namespaces.MapDelete("/{namespace_id}/bulk", BulkDelete);
        namespaces.MapPost("/{namespace_id}/bulk/delete", BulkDelete);

        namespaces.MapPost("/{namespace_id}/bulk/get", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "bulk get");
            var body = await KvRequestBody.ReadJsonAsync(ctx.Request, KvRequestBody.MaxJsonBytes, ctx.RequestAborted);
            if (body.ValueKind != JsonValueKind.Object) throw KvErrors.InvalidRequest("The request body must be a JSON object with 'keys'");
            if (!body.TryGetProperty("keys", out var keysJson) || keysJson.ValueKind != JsonValueKind.Array)
                throw KvErrors.InvalidRequest("'keys' must be an array of key names");
            var keys = Keys(keysJson.EnumerateArray());
            if (keys.Count > MaxBulkGetKeys) throw KvErrors.InvalidRequest($"At most {MaxBulkGetKeys} keys can be read at once, got {keys.Count}");
            var asJson = Optional(body, "type", "", "a string", k => k == JsonValueKind.String)?.GetString() switch
            {
                null or "text" => false,
                "json" => true,
                var other => throw KvErrors.InvalidRequest($"Invalid type '{other}'; expected 'text' or 'json'"),
            };
            var withMetadata = OptionalBool(body, "withMetadata") ?? false;

            var values = new JsonObject();
            foreach (var (key, entry) in await kv.GetManyAsync(ns.Id, keys, ctx.RequestAborted))
            {
                var value = entry is null ? null : asJson ? ParseJsonValue(key, entry.Value) : JsonValue.Create(Text(entry.Value));
                values[key] = !withMetadata || entry is null ? value : WithMetadata(value, entry);
            }
            return ApiResults.Ok(new { values });
        });
    }

    private static async Task<IResult> BulkDelete(HttpContext ctx, IKvStore kv, string namespace_id)
    {
        var ns = await kv.NamespaceAsync(ctx, namespace_id, "bulk delete");
        var keys = Keys(Array(await KvRequestBody.ReadJsonAsync(ctx.Request, KvRequestBody.MaxJsonBytes, ctx.RequestAborted), "keys"));
        await kv.DeleteManyAsync(ns.Id, keys, ctx.RequestAborted);
        return ApiResults.Ok(new { successful_key_count = keys.Count, unsuccessful_keys = System.Array.Empty<string>() });
    }

    private static List<JsonElement> Array(JsonElement body, string what)
    {
        if (body.ValueKind != JsonValueKind.Array) throw KvErrors.InvalidRequest($"The request body must be a JSON array of {what}");
        var count = body.GetArrayLength();
        if (count > MaxBulkItems) throw KvErrors.InvalidRequest($"At most {MaxBulkItems} items are allowed in one bulk request, got {count}");
        return body.EnumerateArray().ToList();
    }

    private static List<string> Keys(IEnumerable<JsonElement> items) =>
        items.Select((k, i) => k.ValueKind == JsonValueKind.String
            ? Text(k, $"Key {i}")
            : throw KvErrors.InvalidRequest($"Item {i} must be a key name (a string), got {k.ValueKind}")).ToList();

    /// <summary>
    /// A JSON string's value. Invalid UTF-8 inside a string, or an escaped lone surrogate (<c>"\ud800"</c>), parses as
    /// JSON but is no Unicode text and cannot be a key or a value: refused as the client's error, not a 500.
    /// </summary>
    private static string Text(JsonElement value, string what)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw KvErrors.InvalidRequest($"{what} is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape such as \\ud800)");
        }
    }

    private static KvWrite ReadWrite(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object) throw KvErrors.InvalidRequest($"Item {index} must be an object with 'key' and 'value'");
        string Required(string name) => item.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? Text(p, $"The '{name}' of item {index}")
            : throw KvErrors.InvalidRequest($"Item {index} must have a string '{name}'");

        var key = Required("key");
        var text = Required("value");
        byte[] value;
        if (OptionalBool(item, "base64", $" of item {index}") == true)
        {
            try { value = Convert.FromBase64String(text); }
            catch (FormatException) { throw KvErrors.MalformedValue($"The value of item {index} is not valid base64"); }
        }
        else
        {
            value = Encoding.UTF8.GetBytes(text);
        }
        var metadata = item.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null ? JsonSerializer.Serialize(m) : null;
        return new KvWrite(key, value, metadata, Seconds(item, "expiration", index), Seconds(item, "expiration_ttl", index));
    }

    /// <summary>An optional property (null when absent or JSON null) that must be of the kind <paramref name="expected"/> names.</summary>
    private static JsonElement? Optional(JsonElement obj, string name, string where, string expected, Func<JsonValueKind, bool> accepts)
    {
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return null;
        return accepts(p.ValueKind) ? p : throw KvErrors.InvalidRequest($"'{name}'{where} must be {expected}, got {p.ValueKind}");
    }

    private static bool? OptionalBool(JsonElement obj, string name, string where = "") =>
        Optional(obj, name, where, "a boolean", k => k is JsonValueKind.True or JsonValueKind.False)?.GetBoolean();

    /// <summary>A whole number of seconds; JSON numbers such as 3600.0 are accepted, fractions are not.</summary>
    private static long? Seconds(JsonElement item, string name, int index)
    {
        if (Optional(item, name, $" of item {index}", "a number", k => k == JsonValueKind.Number) is not { } number) return null;
        if (number.TryGetInt64(out var whole)) return whole;
        var raw = number.GetRawText();
        if (number.TryGetDouble(out var d) && Math.Floor(d) == d && Math.Abs(d) < 9e15) return (long)d;
        throw name == "expiration"
            ? KvErrors.InvalidExpiration(raw, $"Please specify an integer number of seconds (item {index}).")
            : KvErrors.InvalidExpirationTtl(raw, $"Please specify an integer number of seconds (item {index}).");
    }

    /// <summary>Bulk reads return text; values are expected to be UTF-8 (invalid bytes read as U+FFFD).</summary>
    private static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    private static JsonNode? ParseJsonValue(string key, byte[] value)
    {
        try { return JsonNode.Parse(value); }
        catch (JsonException) { throw KvErrors.MalformedValue($"The value of '{key}' is not valid JSON; read it with type 'text'"); }
    }

    private static JsonObject WithMetadata(JsonNode? value, KvEntry entry)
    {
        var result = new JsonObject { ["value"] = value, ["metadata"] = entry.Metadata is null ? null : JsonNode.Parse(entry.Metadata) };
        if (entry.Expiration is { } expiration) result["expiration"] = expiration;
        return result;
    }
}
