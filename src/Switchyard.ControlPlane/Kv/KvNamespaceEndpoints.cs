using System.Text.Json;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Namespace create, list (page-paginated, <c>order=title|id</c>, <c>direction=asc|desc</c>), get, rename and delete.
/// wrangler and the SDK walk list pages until one is empty, so pages past the end are empty.
/// </summary>
internal static class KvNamespaceEndpoints
{
    private const int MaxPerPage = 1000;

    public static void Map(RouteGroupBuilder namespaces)
    {
        namespaces.MapPost("", async (HttpContext ctx, IKvStore kv) =>
        {
            var title = ReadTitle(await KvRequestBody.ReadJsonAsync(ctx.Request, KvRequestBody.MaxJsonBytes, ctx.RequestAborted));
            return ApiResults.Ok(KvEndpoints.Describe(await kv.CreateNamespaceAsync(ctx.Account().Id, title, ctx.RequestAborted)));
        });

        namespaces.MapGet("", async (HttpContext ctx, IKvStore kv) =>
        {
            var query = ctx.Request.Query;
            var page = PositiveInt(query["page"], KvErrors.MalformedPage);
            var perPage = PositiveInt(query["per_page"], raw => KvErrors.MalformedPerPage(raw, MaxPerPage));
            var byId = (string?)query["order"] switch
            {
                null or "" or "title" => false,
                "id" => true,
                var other => throw KvErrors.InvalidOrder(other),
            };
            var descending = (string?)query["direction"] switch
            {
                null or "" or "asc" => false,
                "desc" => true,
                var other => throw KvErrors.InvalidDirection(other),
            };

            IEnumerable<KvNamespace> all = await kv.ListNamespacesAsync(ctx.Account().Id, ctx.RequestAborted);
            if (byId) all = all.OrderBy(n => n.Id, StringComparer.Ordinal);
            if (descending) all = all.Reverse();
            return Paging.Page(all.Select(KvEndpoints.Describe).ToList(), page, perPage, maxPerPage: MaxPerPage);
        });

        namespaces.MapGet("/{namespace_id}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
            ApiResults.Ok(KvEndpoints.Describe(await kv.NamespaceAsync(ctx, namespace_id, "get namespace"))));

        namespaces.MapPut("/{namespace_id}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "rename namespace");
            var title = ReadTitle(await KvRequestBody.ReadJsonAsync(ctx.Request, KvRequestBody.MaxJsonBytes, ctx.RequestAborted));
            var renamed = await kv.RenameNamespaceAsync(ctx.Account().Id, ns.Id, title, ctx.RequestAborted)
                          ?? throw KvErrors.NamespaceNotFound("rename namespace");
            return ApiResults.Ok(KvEndpoints.Describe(renamed));
        });

        namespaces.MapDelete("/{namespace_id}", async (HttpContext ctx, IKvStore kv, string namespace_id) =>
        {
            var ns = await kv.NamespaceAsync(ctx, namespace_id, "delete namespace");
            if (!await kv.DeleteNamespaceAsync(ctx.Account().Id, ns.Id, ctx.RequestAborted)) throw KvErrors.NamespaceNotFound("delete namespace");
            return ApiResults.Ok(new { });
        });
    }

    private static string ReadTitle(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw KvErrors.InvalidRequest("The request body must be a JSON object with a 'title'");
        if (!body.TryGetProperty("title", out var title) || title.ValueKind == JsonValueKind.Null) throw KvErrors.MissingTitle();
        if (title.ValueKind != JsonValueKind.String) throw KvErrors.InvalidRequest("'title' must be a string");
        return KvRules.ValidateTitle(title.GetString());
    }

    private static int? PositiveInt(string? raw, Func<string, KvException> error) =>
        string.IsNullOrEmpty(raw) ? null : int.TryParse(raw, out var value) && value > 0 ? value : throw error(raw);
}
