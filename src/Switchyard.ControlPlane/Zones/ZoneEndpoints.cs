using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage;
using Switchyard.Storage.Zones;

namespace Switchyard.ControlPlane.Zones;

/// <summary>
/// Zones (<c>/zones</c>): the domains an account routes workers on. wrangler looks a zone up by name
/// (<c>GET /zones?name=…&amp;account.id=…</c>) for each route it deploys; a token only ever sees its own account's zones.
/// </summary>
public static partial class ZoneEndpoints
{
    public static void Map(RouteGroupBuilder authenticated)
    {
        var zones = authenticated.MapGroup("/zones");

        zones.MapPost("", async (HttpContext ctx, IZoneStore store) =>
        {
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ApiException.BadRequest(ZoneErrors.InvalidZoneName, "The body must be a JSON object {name, account:{id}}");
            var f = new JsonFields(body, "");
            var name = ValidName(f.String("name"));
            var accountId = f.Object("account") is { } account ? new JsonFields(account, "account").String("id") : null;
            if (accountId is not null && accountId != ctx.Account().Id) throw ApiException.Forbidden();
            try { return ApiResults.Ok(ToApi(await store.CreateAsync(ctx.Account().Id, name), ctx)); }
            catch (NameConflictException e) { throw ApiException.Conflict(ZoneErrors.ZoneExists, e.Message); }
        });

        zones.MapGet("", async (HttpContext ctx, IZoneStore store, string? name, int? page, int? per_page) =>
        {
            var accountFilter = ctx.Request.Query["account.id"].ToString();
            var list = accountFilter.Length > 0 && accountFilter != ctx.Account().Id
                ? []
                : await store.ListAsync(ctx.Account().Id, string.IsNullOrEmpty(name) ? null : name.ToLowerInvariant(), ctx.RequestAborted);
            return Paging.Page(list.Select(z => ToApi(z, ctx)).ToList(), page, per_page);
        });

        zones.MapGet("/{zone_id}", async (HttpContext ctx, IZoneStore store, string zone_id) =>
            ApiResults.Ok(ToApi(await RequireAsync(ctx, store, zone_id), ctx)));

        zones.MapDelete("/{zone_id}", async (HttpContext ctx, IZoneStore store, string zone_id) =>
        {
            var zone = await RequireAsync(ctx, store, zone_id);
            await store.DeleteAsync(ctx.Account().Id, zone.Id);
            return ApiResults.Ok(new { id = zone.Id });
        });

        RouteEndpoints.MapZone(zones.MapGroup("/{zone_id}/workers/routes"));
    }

    public static async Task<Zone> RequireAsync(HttpContext ctx, IZoneStore store, string zoneId) =>
        await store.GetAsync(ctx.Account().Id, zoneId, ctx.RequestAborted) ?? throw ZoneErrors.UnknownZone(zoneId);

    private static string ValidName(string? name)
    {
        var lower = name?.Trim().ToLowerInvariant();
        if (lower is null || lower.Length > 253 || !DomainPattern().IsMatch(lower))
            throw ApiException.BadRequest(ZoneErrors.InvalidZoneName, $"Invalid zone name '{name}': expected a domain such as example.com");
        return lower;
    }

    private static object ToApi(Zone zone, HttpContext ctx) => new
    {
        id = zone.Id,
        name = zone.Name,
        status = "active",
        paused = false,
        type = "full",
        development_mode = 0,
        name_servers = Array.Empty<string>(),
        account = new { id = ctx.Account().Id, name = ctx.Account().Name },
        created_on = zone.CreatedOn,
        modified_on = zone.ModifiedOn,
        activated_on = zone.CreatedOn,
    };

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPattern();
}
