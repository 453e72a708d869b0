using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Testing;

/// <summary>
/// An HTTP origin on 127.0.0.1 for workers' outbound fetch() in tests: <c>/healthz</c> answers "ok",
/// <c>/redirect?to=URL</c> answers 302 to URL, <c>/ws</c> accepts a WebSocket (subprotocol <c>echo</c> when offered) and
/// answers each message with "upstream: " and the message (binary ones reversed) until the client closes, <c>/sse</c>
/// sends a few server-sent events and ends (one resumed event when the request has a Last-Event-ID), <c>/slow?ms=N</c>
/// answers "slow" after N milliseconds, anything else
/// echoes its method and path. It records every request,
/// so a test can show that a refused fetch never arrived. Not one of Switchyard's listeners, so a test server that allows
/// loopback (as <see cref="TestServer"/> does by default) lets workers reach it.
/// </summary>
public sealed class LoopbackUpstream : IAsyncDisposable
{
    private static readonly Lazy<Task<LoopbackUpstream>> SharedInstance = new(StartAsync);
    private readonly WebApplication _app;

    private LoopbackUpstream(WebApplication app) => _app = app;

    /// <summary>One upstream for the whole test process.</summary>
    public static Task<LoopbackUpstream> SharedAsync() => SharedInstance.Value;

    public Uri Origin => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>"METHOD /path?query" of every request received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<LoopbackUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new LoopbackUpstream(app);
        app.UseWebSockets();
        app.Run(async context =>
        {
            string path = context.Request.Path + context.Request.QueryString;
            upstream.Received.Enqueue($"{context.Request.Method} {path}");
            if (context.Request.Path == "/healthz")
            {
                await context.Response.WriteAsync("ok");
                return;
            }
            if (context.Request.Path == "/ws" && context.WebSockets.IsWebSocketRequest)
            {
                await EchoWebSocketAsync(context);
                return;
            }
            if (context.Request.Path == "/sse")
            {
                context.Response.ContentType = "text/event-stream";
                string? resumed = context.Request.Headers["Last-Event-ID"];
                await context.Response.WriteAsync(resumed is null
                    ? "retry: 10\n: a comment\ndata: first\n\nevent: custom\ndata: line1\ndata: line2\nid: 7\n\ndata: third\r\n\r\ndata: unfinished"
                    : $"data: resumed after {resumed}\n\n");
                return;
            }
            if (context.Request.Path == "/slow")
            {
                // Answers "slow" after ?ms= milliseconds (for I/O that must outlive something).
                await Task.Delay(int.Parse(context.Request.Query["ms"].ToString()), context.RequestAborted);
                await context.Response.WriteAsync("slow");
                return;
            }
            if (context.Request.Path == "/redirect")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = context.Request.Query["to"].ToString();
                return;
            }
            await context.Response.WriteAsync($"{context.Request.Method} {path}");
        });
        await app.StartAsync();
        return upstream;
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        string? protocol = context.WebSockets.WebSocketRequestedProtocols.Contains("echo") ? "echo" : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                return;
            }
            byte[] answer = received.MessageType == WebSocketMessageType.Text
                ? System.Text.Encoding.UTF8.GetBytes("upstream: " + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count))
                : buffer[..received.Count].Reverse().ToArray();
            await socket.SendAsync(answer, received.MessageType, true, CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
