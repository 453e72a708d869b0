using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Switchyard.ControlPlane.Tails;

/// <summary>
/// Accepts a tail's WebSocket by hand (RFC 6455 §4.2) instead of through ASP.NET's WebSocket middleware, so that the
/// connection's read side can pass through <see cref="UnmaskedFrameTolerance"/> before .NET's WebSocket sees it.
/// Answers the <c>trace-v1</c> subprotocol when asked (the ws client wrangler uses rejects a 101 that leaves it out).
/// </summary>
internal static class TailSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    public const string Protocol = "trace-v1";

    public static bool IsUpgrade(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Connection.ToString().Contains("upgrade", StringComparison.OrdinalIgnoreCase)
        && request.Headers.SecWebSocketVersion == "13"
        && !string.IsNullOrEmpty(request.Headers.SecWebSocketKey)
        && request.HttpContext.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;

    public static async Task<WebSocket> AcceptAsync(HttpContext ctx)
    {
        HttpRequest request = ctx.Request;
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(request.Headers.SecWebSocketKey.ToString().Trim() + AcceptGuid)));
        bool wantsProtocol = request.Headers.SecWebSocketProtocol.ToString().Split(',', StringSplitOptions.TrimEntries).Contains(Protocol);
        ctx.Response.Headers.SecWebSocketAccept = accept;
        ctx.Response.Headers.Connection = "Upgrade";
        ctx.Response.Headers.Upgrade = "websocket";
        if (wantsProtocol) ctx.Response.Headers.SecWebSocketProtocol = Protocol;
        // Kestrel sends the 101 and hands over the connection's stream.
        Stream stream = await ctx.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        return WebSocket.CreateFromStream(new UnmaskedFrameTolerance(stream), new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = wantsProtocol ? Protocol : null,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        });
    }
}
