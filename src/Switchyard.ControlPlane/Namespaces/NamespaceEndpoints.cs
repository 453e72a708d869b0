using System.Text.Json;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Storage;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Namespaces;

/// <summary>
/// Workers for Platforms dispatch namespaces (<c>wrangler dispatch-namespace create/list/get/rename/delete</c>, SDK
/// <c>workersForPlatforms.dispatch.namespaces</c>). Deleting a namespace deletes its scripts.
/// </summary>
public static class NamespaceEndpoints
{
    public static void Map(RouteGroupBuilder account)
    {
        var namespaces = account.MapGroup("/workers/dispatch/namespaces");

        namespaces.MapPost("", async (HttpContext ctx, INamespaceStore store) =>
        {
            var body = await RequestBody.ReadJsonAsync<JsonElement>(ctx.Request, ctx.RequestAborted);
            var name = RequiredName(body);
            var caller = ctx.ApiCaller();
            var created = await Conflicts(() => store.CreateAsync(caller.Account.Id, name, caller.Token.Id));
            return ApiResults.Ok(ToApi(created));
        });

        // wrangler sends no pagination and reads the whole array; page/per_page are honoured when given.
        namespaces.MapGet("", async (HttpContext ctx, INamespaceStore store, int? page, int? per_page) =>
        {
            var all = (await store.ListAsync(ctx.Account().Id, ctx.RequestAborted)).Select(ToApi).ToList();
            return page is null && per_page is null ? ApiResults.Ok(all) : Paging.Page(all, page, per_page);
        });

        namespaces.MapGet("/{namespace}", async (HttpContext ctx, INamespaceStore store, string @namespace) =>
            ApiResults.Ok(ToApi(await NamespaceLookup.RequireAsync(store, ctx.Account().Id, @namespace, ctx.RequestAborted))));

        namespaces.MapPut("/{namespace}", async (HttpContext ctx, INamespaceStore store, string @namespace) =>
        {
            var body = await RequestBody.ReadJsonAsync<JsonElement>(ctx.Request, ctx.RequestAborted);
            var existing = await NamespaceLookup.RequireAsync(store, ctx.Account().Id, @namespace, ctx.RequestAborted);
            var newName = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("name", out _) ? RequiredName(body) : existing.Name;
            bool? trusted = null;
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("trusted_workers", out var t))
                trusted = t.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw ScriptErrors.Invalid("trusted_workers must be a boolean"),
                };
            var updated = await Conflicts(() => store.UpdateAsync(ctx.Account().Id, existing.Name, newName, trusted, ctx.ApiCaller().Token.Id));
            return ApiResults.Ok(ToApi(updated ?? throw ApiException.NotFound(ScriptErrors.NamespaceNotFound, $"Dispatch namespace '{@namespace}' not found")));
        });

        namespaces.MapDelete("/{namespace}", async (HttpContext ctx, INamespaceStore store, string @namespace) =>
        {
            var existing = await NamespaceLookup.RequireAsync(store, ctx.Account().Id, @namespace, ctx.RequestAborted);
            await store.DeleteAsync(ctx.Account().Id, existing.Name);
            return ApiResults.Ok(null);
        });
    }

    public static object ToApi(DispatchNamespace ns) => new
    {
        namespace_id = ns.Id,
        namespace_name = ns.Name,
        script_count = ns.ScriptCount,
        trusted_workers = ns.TrustedWorkers,
        created_on = ns.CreatedOn,
        created_by = ns.CreatedBy,
        modified_on = ns.ModifiedOn,
        modified_by = ns.ModifiedBy,
    };

    private static string RequiredName(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw ScriptErrors.Invalid("The request body must be a JSON object with a 'name'");
        if (!body.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            throw ScriptErrors.Invalid("'name' is required and must be a string");
        var value = name.GetString()!;
        NamespaceLookup.RequireValidName(value);
        return value;
    }

    private static async Task<T> Conflicts<T>(Func<Task<T>> write)
    {
        try { return await write(); }
        catch (NameConflictException e) { throw ApiException.Conflict(ScriptErrors.NamespaceNameTaken, e.Message); }
    }
}
