using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// What <c>wrangler delete</c> asks before and for a delete (the contract's §11.2): an account script's references
/// (<c>GET …/workers/scripts/:s/references</c>: which workers bind it as a service or as a dispatch namespace's outbound
/// worker, which it binds), its tail consumers
/// (<c>GET …/workers/tails/by-consumer/:s</c>), and the delete itself, which goes to
/// <c>DELETE …/workers/services/:s?force=</c>. Without <c>force=true</c> a worker that others bind as a service is kept
/// (10064), as <c>DELETE …/workers/scripts/:s</c> does.
/// </summary>
public static class ReferenceEndpoints
{
    public static void Map(RouteGroupBuilder account)
    {
        account.MapGet($"/workers/scripts/{{{ScriptLocation.ScriptRouteKey}}}/references", References);
        // Switchyard has no tail workers yet, so no script is any worker's tail consumer.
        account.MapGet($"/workers/tails/by-consumer/{{{ScriptLocation.ScriptRouteKey}}}", async (HttpContext ctx, IScriptStore scripts) =>
        {
            await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok(Array.Empty<object>());
        });
        account.MapDelete($"/workers/services/{{{ScriptLocation.ScriptRouteKey}}}", (HttpContext ctx, IScriptStore scripts, string? force) =>
            ScriptEndpoints.DeleteScript(ctx, scripts, force switch
            {
                null or "false" => false,
                "true" => true,
                _ => throw ScriptErrors.Invalid($"force must be 'true' or 'false'; got '{force}'"),
            }));
    }

    private static async Task<IResult> References(HttpContext ctx, IScriptStore scripts)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var script = await target.RequireAsync(scripts);
        var incoming = (await scripts.FindServiceBindingsToAsync(target.Account.Id, script.Name, ctx.RequestAborted))
            .Select(name => new { service = name, environment = "production" });
        var outgoing = (await ScriptEndpoints.LiveAsync(scripts, script)).Content.Bindings.OfType<ServiceBinding>()
            .Select(b => b.Service).Distinct().Select(name => new { service = name, environment = "production" });
        return ApiResults.Ok(new
        {
            services = new { incoming, outgoing, pages_function = false },
            durable_objects = Array.Empty<object>(),
            dispatch_outbounds = (await scripts.FindDispatchOutboundsToAsync(target.Account.Id, script.Name, ctx.RequestAborted))
                .Select(o => new { service = o.Script, @namespace = o.Namespace }),
        });
    }
}
