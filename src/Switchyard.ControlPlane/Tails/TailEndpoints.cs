using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Observability.Tail;
using Switchyard.Observability.Tracing;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Tails;

/// <summary>
/// <c>wrangler tail</c>: <c>POST …/scripts/{name}/tails</c> opens a tail and answers the WebSocket URL to stream it from,
/// <c>GET</c> lists a script's tails, <c>DELETE …/tails/{id}</c> ends one. The socket (<see cref="SocketPath"/>) is a
/// capability URL: wrangler connects without a token, so the URL carries the tail's 256-bit key. Tails are per node
/// (events of the invocations this node runs), like the node's runtime.
/// </summary>
public static class TailEndpoints
{
    /// <summary>Where tail sockets live on the API listener, outside <c>/client/v4</c> (no token, no JSON envelope).</summary>
    public const string SocketPath = "/tail";

    /// <summary>Maps the tails API under a script's route (account-level and dispatch namespace scripts alike).</summary>
    public static void Map(RouteGroupBuilder script)
    {
        script.MapPost("/tails", Create);
        script.MapGet("/tails", List);
        script.MapDelete("/tails/{tail_id}", Delete);
    }

    /// <summary>Maps the socket endpoint (its handshake is <see cref="TailSocketHandshake"/>'s).</summary>
    public static void MapSocket(IEndpointRouteBuilder app) => app.Map(SocketPath + "/{tail_id}/{key}", ConnectAsync);

    private static async Task<IResult> Create(HttpContext ctx, IScriptStore scripts, TailHub hub)
    {
        var location = await ScriptLocation.ResolveAsync(ctx);
        await location.RequireAsync(scripts);
        // wrangler sends JSON as text/plain: the body is read as JSON whatever its content type says.
        byte[] body = await RequestBody.ReadBytesAsync(ctx.Request, 64 * 1024, ctx.RequestAborted);
        TailFilters filters;
        try
        {
            filters = TailFilters.Parse(body, ClientIp(ctx));
        }
        catch (TailFilterException e)
        {
            throw ApiException.BadRequest(TailErrors.InvalidFilters, e.Message);
        }
        TailSession session = hub.TryCreate(Target(location), filters)
            ?? throw new ApiException(429, TailErrors.TooManyTails,
                $"Worker '{location.Name}' already has {TailHub.MaxTailsPerScript} tails open; delete one (DELETE …/tails/<id>) or wait for one to expire.");
        return ApiResults.Ok(Describe(ctx, session));
    }

    private static async Task<IResult> List(HttpContext ctx, IScriptStore scripts, TailHub hub)
    {
        var location = await ScriptLocation.ResolveAsync(ctx);
        await location.RequireAsync(scripts);
        return ApiResults.Ok(hub.List(Target(location)).Select(s => Describe(ctx, s)).ToArray());
    }

    private static async Task<IResult> Delete(HttpContext ctx, string tail_id, TailHub hub)
    {
        var location = await ScriptLocation.ResolveAsync(ctx);
        if (!hub.Delete(Target(location), tail_id))
            throw ApiException.NotFound(TailErrors.TailNotFound, $"Worker '{location.Name}' has no tail '{tail_id}'.");
        return ApiResults.Ok(null);
    }

    private static async Task ConnectAsync(HttpContext ctx, string tail_id, string key, TailHub hub)
    {
        TailSession? session = hub.Find(tail_id);
        if (session is null || !session.KeyMatches(key))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync("No such tail: it was deleted, it expired, or the URL is wrong.\n");
            return;
        }
        if (!TailSocketHandshake.IsUpgrade(ctx.Request))
        {
            ctx.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            ctx.Response.Headers.Upgrade = "websocket";
            await ctx.Response.WriteAsync("A tail is read over a WebSocket (subprotocol trace-v1).\n");
            return;
        }
        using WebSocket socket = await TailSocketHandshake.AcceptAsync(ctx);
        try
        {
            await session.RunAsync(socket, hub.Time, ctx.RequestAborted);
        }
        finally
        {
            hub.Closed(session);
        }
    }

    public static TraceTarget Target(ScriptLocation location) => new(location.Account.Id, location.Namespace?.Name, location.Name);

    /// <summary>What wrangler reads of a tail: its id, the socket URL (ws or wss, as the API was reached) and the expiry.</summary>
    private static object Describe(HttpContext ctx, TailSession session)
    {
        HttpRequest request = ctx.Request;
        string scheme = Forwarded(request) ?? request.Scheme;
        string ws = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "wss" : "ws";
        return new
        {
            id = session.Id,
            url = $"{ws}://{request.Host.Value}{request.PathBase}{SocketPath}/{session.Id}/{session.Key}",
            expires_at = session.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
    }

    private static string? Forwarded(HttpRequest request)
    {
        string value = request.Headers["X-Forwarded-Proto"].ToString();
        int comma = value.IndexOf(',');
        value = (comma >= 0 ? value[..comma] : value).Trim();
        return value is "http" or "https" ? value : null;
    }

    private static string? ClientIp(HttpContext ctx)
    {
        IPAddress? address = ctx.Connection.RemoteIpAddress;
        if (address is null) return null;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
