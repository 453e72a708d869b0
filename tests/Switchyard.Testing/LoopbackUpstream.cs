using System.Collections.Concurrent;
using System.Net;
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
/// <c>/redirect?to=URL</c> answers 302 to URL, anything else echoes its method and path. It records every request,
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
        app.Run(async context =>
        {
            string path = context.Request.Path + context.Request.QueryString;
            upstream.Received.Enqueue($"{context.Request.Method} {path}");
            if (context.Request.Path == "/healthz")
            {
                await context.Response.WriteAsync("ok");
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

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
