using System.Text.Json;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Single keys: write (raw body, or multipart with metadata; <c>?expiration=</c> / <c>?expiration_ttl=</c>), read (the
/// raw bytes, without an envelope), delete, read metadata, and cursor-paginated key listing.
/// </summary>
internal static class KvValueEndpoints
{
    private const int MinListLimit = 10;

    public static void Map(RouteGroupBuilder namespaces)
    {
        namespaces.MapPut("/{namespace_id}/values/{**key}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "put");
            var key = KvKeyPath.Read(ctx, namespace_id, "values");
            KvRules.ValidateKey(key);
            var expiration = QuerySeconds(ctx, "expiration", KvRules.ParseExpiration);
            var ttl = QuerySeconds(ctx, "expiration_ttl", KvRules.ParseExpirationTtl);
            var (value, metadata) = await KvRequestBody.ReadValueAsync(ctx.Request, ctx.RequestAborted);
            await kv.PutAsync(ns.Id, new KvWrite(key, value, metadata, expiration, ttl), ctx.RequestAborted);
            return ApiResults.Ok(new { });
        });

        namespaces.MapGet("/{namespace_id}/values/{**key}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "get");
            var entry = await kv.GetAsync(ns.Id, KvKeyPath.Read(ctx, namespace_id, "values"), ctx.RequestAborted) ?? throw KvErrors.KeyNotFound();
            return Results.Bytes(entry.Value, "application/octet-stream");
        });

        namespaces.MapDelete("/{namespace_id}/values/{**key}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "delete");
            await kv.DeleteAsync(ns.Id, KvKeyPath.Read(ctx, namespace_id, "values"), ctx.RequestAborted);
            return ApiResults.Ok(new { });
        });

        namespaces.MapGet("/{namespace_id}/metadata/{**key}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "get metadata");
            var key = await kv.GetKeyAsync(ns.Id, KvKeyPath.Read(ctx, namespace_id, "metadata"), ctx.RequestAborted)
                      ?? throw KvErrors.KeyNotFound("get metadata");
            return ApiResults.Ok(Json(key.Metadata));
        });

        namespaces.MapGet("/{namespace_id}/keys", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "list keys");
            var query = ctx.Request.Query;
            var limit = KvRules.MaxListLimit;
            if ((string?)query["limit"] is { Length: > 0 } rawLimit)
            {
                if (!int.TryParse(rawLimit, out limit)) throw KvErrors.InvalidLimit(rawLimit, MinListLimit, KvRules.MaxListLimit);
                KvRules.ValidateListLimit(limit, MinListLimit);
            }
            var page = await kv.ListKeysAsync(ns.Id, query["prefix"], limit, query["cursor"], ctx.RequestAborted);
            var keys = page.Keys.Select(k => new ListedKey(k.Name, k.Expiration, Json(k.Metadata))).ToList();
            return ApiResults.Ok(keys, new ResultInfo { Count = keys.Count, Cursor = page.Cursor });
        });
    }

    private sealed record ListedKey(string Name, long? Expiration, JsonElement? Metadata);

    internal static JsonElement? Json(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static long? QuerySeconds(HttpContext ctx, string name, Func<string, long> parse) =>
        (string?)ctx.Request.Query[name] is { Length: > 0 } raw ? parse(raw) : null;
}
