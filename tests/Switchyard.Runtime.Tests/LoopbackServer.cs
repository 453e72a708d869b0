using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// A Kestrel server on 127.0.0.1:0 with the routes of tests/runtime-conformance/test-server.mjs, for fetch() tests.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var (app, origin) = await StartAppAsync(MapRoutes);
        return new LoopbackServer(app, origin);
    }

    /// <summary>A Kestrel app on 127.0.0.1 with a free port, its routes mapped by <paramref name="map"/>; and its origin.</summary>
    public static async Task<(WebApplication App, string Origin)> StartAppAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address.Replace("localhost", "127.0.0.1").TrimEnd('/'));
    }

    private static void MapRoutes(WebApplication app)
    {
        app.Map("/echo", async (HttpContext ctx) =>
        {
            string body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
            ctx.Response.Headers.Append("set-cookie", new[] { "a=1", "b=2" });
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(
                new { method = ctx.Request.Method, path = ctx.Request.Path + ctx.Request.QueryString, headers, body }));
        });
        app.Map("/status/{code:int}", (HttpContext ctx, int code) =>
        {
            ctx.Response.StatusCode = code;
            ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase = "Custom Reason";
        });
        app.Map("/redirect/{code:int}", (HttpContext ctx, int code) =>
        {
            ctx.Response.StatusCode = code;
            ctx.Response.Headers.Location = "/echo";
        });
        app.Map("/redirect-to", (HttpContext ctx) =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = ctx.Request.Query["to"].ToString();
        });
        app.Map("/text", (HttpContext ctx) => Results.Text(ctx.Request.Query["body"].ToString(), "text/plain; charset=utf-8"));
        app.Map("/chunks", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/plain";
            foreach (string c in new[] { "a", "b", "c" })
            {
                await ctx.Response.WriteAsync(c);
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(20);
            }
        });
        app.Map("/slow", async (HttpContext ctx) =>
        {
            try { await Task.Delay(2000, ctx.RequestAborted); await ctx.Response.WriteAsync("late"); }
            catch (OperationCanceledException) { }
        });
        app.Map("/gzip", async (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            using var buffer = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write("hello gzip"u8);
            await ctx.Response.Body.WriteAsync(buffer.ToArray());
        });
        app.Map("/big/{megabytes:int}", async (HttpContext ctx, int megabytes) =>
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            for (int i = 0; i < megabytes; i++) await ctx.Response.Body.WriteAsync(chunk);
        });
        app.MapFallback((HttpContext ctx) => Results.Text("not found", statusCode: 404));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
