using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchyard.Edge.ErrorPages;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.WebSockets;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// Answers a worker's <c>101</c> response: the client's connection is upgraded to a WebSocket and relayed to the
/// worker's end (<see cref="WebSocketBridge"/>) until both sides have closed, the request staying open meanwhile. A
/// 101 to a request that did not ask for a WebSocket is the worker's error, answered with the invalid-response page.
/// </summary>
public static class WebSocketUpgrade
{
    /// <summary>How often the edge pings an idle client, so that proxies keep the connection and a dead peer is noticed.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    public static async Task ServeAsync(HttpContext context, WorkerResponse response, IWebSocketEnd worker, ILogger logger, string script)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            worker.Abandon("The request did not ask for a WebSocket.");
            logger.LogWarning("Script {Script} returned a WebSocket in a response to a request without \"Upgrade: websocket\"", script);
            await ErrorPage.InvalidWorkerResponse.WriteAsync(context);
            return;
        }
        string? protocol = null;
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("sec-websocket-protocol", StringComparison.OrdinalIgnoreCase)) protocol = value;
            // The handshake's own headers are the edge's to make (the subprotocol from the worker's choice), as are those
            // of any response; a 101 has no body to give a length.
            else if (!WorkerResponseWriter.IsEdgeOwned(name) && !name.StartsWith("sec-websocket-", StringComparison.OrdinalIgnoreCase)
                     && !name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers.Append(name, value);
        }
        System.Net.WebSockets.WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol, KeepAliveInterval = KeepAliveInterval });
        }
        catch
        {
            worker.Abandon("The client's WebSocket handshake failed.");
            throw;
        }
        await using var client = new NetworkWebSocketEnd(socket);
        try
        {
            await WebSocketBridge.RunAsync(client, worker, context.RequestAborted);
        }
        finally
        {
            if (worker is IAsyncDisposable connection) await connection.DisposeAsync();  // an outbound connection passed on
        }
    }
}
