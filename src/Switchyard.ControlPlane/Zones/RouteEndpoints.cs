using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Scripts;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Zones;

namespace Switchyard.ControlPlane.Zones;

/// <summary>
/// Worker routes, two ways as wrangler uses them: per zone (<c>/zones/:zone/workers/routes</c>, its fallback path) and per
/// script (<c>PUT /accounts/:a/workers/scripts/:s/routes</c> replaces all of a script's routes; each pattern's zone comes
/// from <c>zone_id</c>, <c>zone_name</c> or the longest account zone its host lies in). Routes point at account-level
/// scripts by name; the edge resolves them with <see cref="IRouteTable.FindRoute"/>.
/// </summary>
public static class RouteEndpoints
{
    public static void MapZone(RouteGroupBuilder routes)
    {
        routes.MapGet("", async (HttpContext ctx, IZoneStore zones, string zone_id) =>
            ApiResults.Ok((await zones.ListRoutesAsync((await ZoneEndpoints.RequireAsync(ctx, zones, zone_id)).Id, ctx.RequestAborted))
                .Select(ToApi).ToList()));

        routes.MapPost("", async (HttpContext ctx, IZoneStore zones, IScriptStore scripts, string zone_id) =>
        {
            var zone = await ZoneEndpoints.RequireAsync(ctx, zones, zone_id);
            var (pattern, script) = await ReadRouteAsync(ctx, zone, scripts);
            return ApiResults.Ok(ToApi(await Conflicts(() => zones.AddRouteAsync(zone.Id, pattern, script))));
        });

        routes.MapGet("/{route_id}", async (HttpContext ctx, IZoneStore zones, string zone_id, string route_id) =>
        {
            var zone = await ZoneEndpoints.RequireAsync(ctx, zones, zone_id);
            return ApiResults.Ok(ToApi(await zones.GetRouteAsync(zone.Id, route_id, ctx.RequestAborted) ?? throw RouteNotFound(route_id)));
        });

        routes.MapPut("/{route_id}", async (HttpContext ctx, IZoneStore zones, IScriptStore scripts, string zone_id, string route_id) =>
        {
            var zone = await ZoneEndpoints.RequireAsync(ctx, zones, zone_id);
            var (pattern, script) = await ReadRouteAsync(ctx, zone, scripts);
            return ApiResults.Ok(ToApi(await Conflicts(() => zones.UpdateRouteAsync(zone.Id, route_id, pattern, script)) ?? throw RouteNotFound(route_id)));
        });

        routes.MapDelete("/{route_id}", async (HttpContext ctx, IZoneStore zones, string zone_id, string route_id) =>
        {
            var zone = await ZoneEndpoints.RequireAsync(ctx, zones, zone_id);
            if (!await zones.DeleteRouteAsync(zone.Id, route_id)) throw RouteNotFound(route_id);
            return ApiResults.Ok(new { id = route_id });
        });
    }

    public static void MapScript(RouteGroupBuilder accountScript)
    {
        accountScript.MapGet("/routes", async (HttpContext ctx, IZoneStore zones, IScriptStore scripts) =>
        {
            var script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok((await zones.ListScriptRoutesAsync(ctx.Account().Id, script.Name, ctx.RequestAborted)).Select(ToApi).ToList());
        });

        accountScript.MapPut("/routes", async (HttpContext ctx, IZoneStore zones, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonArray
                       ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, "The body must be a JSON array of routes [{\"pattern\": …}]");
            var accountZones = await zones.ListAsync(ctx.Account().Id, ct: ctx.RequestAborted);
            var wanted = body.Select((item, i) => ResolveZone(accountZones, item, i)).ToList();
            var script = await target.RequireAsync(scripts);
            return ApiResults.Ok((await Conflicts(() => zones.ReplaceScriptRoutesAsync(ctx.Account().Id, script.Name, wanted))).Select(ToApi).ToList());
        });
    }

    /// <summary>A route of the script-routes body: a pattern string or <c>{pattern, zone_id?, zone_name?}</c>, placed in a zone.</summary>
    private static (string ZoneId, string Pattern) ResolveZone(IReadOnlyList<Zone> accountZones, JsonNode? item, int index)
    {
        string? text, zoneId = null, zoneName = null;
        if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String) text = v.GetValue<string>();
        else if (item is JsonObject o)
        {
            var f = new JsonFields(o, $"routes[{index}]");
            text = f.String("pattern");
            zoneId = f.String("zone_id");
            zoneName = f.String("zone_name");
            if (f.Bool("custom_domain") == true)
                throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"routes[{index}]: custom domains are not supported; use a route pattern");
        }
        else throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"routes[{index}] must be a pattern string or an object with a 'pattern'");

        var pattern = Parse(text ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"routes[{index}] has no 'pattern'"));
        var zone = zoneId is not null ? accountZones.FirstOrDefault(z => z.Id == zoneId) ?? throw ZoneErrors.UnknownZone(zoneId)
            : zoneName is not null ? accountZones.FirstOrDefault(z => z.Name == zoneName.ToLowerInvariant())
                                     ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"No zone named '{zoneName}' in this account")
            : accountZones.Where(z => pattern.Host.Length > 0 && pattern.IsWithinZone(z.Name)).MaxBy(z => z.Name.Length)
              ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"Could not find a zone of this account for the route '{pattern.Text}'");
        RequireWithin(pattern, zone);
        return (zone.Id, pattern.Text);
    }

    private static async Task<(string Pattern, string? Script)> ReadRouteAsync(HttpContext ctx, Zone zone, IScriptStore scripts)
    {
        var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                   ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, "The body must be a JSON object {pattern, script}");
        var f = new JsonFields(body, "");
        var pattern = Parse(f.String("pattern") ?? throw ApiException.BadRequest(ZoneErrors.InvalidRoute, "'pattern' is required"));
        RequireWithin(pattern, zone);
        var script = f.String("script");
        if (script is not null)
        {
            ScriptNames.RequireValidScript(script);
            if (await scripts.FindAsync(ScriptOwner.Account(ctx.Account().Id), script, ctx.RequestAborted) is null)
                throw ScriptErrors.Invalid($"Worker '{script}' does not exist in this account");
        }
        return (pattern.Text, script);
    }

    private static RoutePattern Parse(string text) =>
        RoutePattern.TryParse(text, out var pattern, out var error) ? pattern : throw ApiException.BadRequest(ZoneErrors.InvalidRoute, error);

    private static void RequireWithin(RoutePattern pattern, Zone zone)
    {
        if (!pattern.IsWithinZone(zone.Name))
            throw ApiException.BadRequest(ZoneErrors.InvalidRoute, $"Route pattern '{pattern.Text}' is not within the zone '{zone.Name}'");
    }

    private static async Task<T> Conflicts<T>(Func<Task<T>> write)
    {
        try { return await write(); }
        catch (NameConflictException e) { throw ApiException.Conflict(ZoneErrors.RouteExists, e.Message); }
    }

    private static object ToApi(WorkerRoute route) => new { id = route.Id, pattern = route.Pattern, script = route.Script };

    private static object ToApi(ZoneRoute r) => new
    {
        id = r.Route.Id, pattern = r.Route.Pattern, script = r.Route.Script, zone_id = r.Zone.Id, zone_name = r.Zone.Name,
    };

    private static ApiException RouteNotFound(string routeId) =>
        ApiException.NotFound(ZoneErrors.RouteNotFound, $"Route '{routeId}' not found in this zone");
}
