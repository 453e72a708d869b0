using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Switchyard.Edge.Assets;
using Switchyard.Edge.ErrorPages;
using Switchyard.Edge.Pipeline;
using Switchyard.Edge.Routing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;

namespace Switchyard.Edge;

/// <summary>
/// The edge listener: every request goes through <see cref="EdgePipeline"/> (host routing, static assets, the
/// worker). The stores (<c>IWorkerDirectory</c>, <c>IRouteTable</c>, <c>IBlobStore</c>) come from the host; the
/// <see cref="IWorkerInvoker"/> from the Workers runtime's registration.
/// </summary>
public static class EdgeApp
{
    public static void AddServices(IServiceCollection services, EdgeOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<HostRouter>();
        services.AddSingleton<VersionCache>();
        services.AddSingleton<SmallBlobCache>();
        services.AddSingleton<AssetResponseWriter>(sp => new(sp.GetRequiredService<Storage.Blobs.IBlobStore>(),
            sp.GetRequiredService<SmallBlobCache>()));
        services.TryAddSingleton<IAssetsBinding, EdgeAssetsBinding>();
        services.AddSingleton<EdgePipeline>(sp => new(sp.GetRequiredService<HostRouter>(), sp.GetRequiredService<VersionCache>(),
            sp.GetRequiredService<AssetResponseWriter>(), sp.GetRequiredService<ILogger<EdgePipeline>>(),
            sp.GetRequiredService<IWorkerInvoker>(), sp.GetRequiredService<EdgeOptions>()));
    }

    public static void Map(WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<EdgePipeline>();
        var logger = app.Services.GetRequiredService<ILogger<EdgePipeline>>();
        // Workers answer WebSocket upgrades with a 101 and a WebSocket (Pipeline/WebSocketUpgrade): ASP.NET's middleware
        // makes the handshake. It only looks at requests that can be upgraded.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = WebSocketUpgrade.KeepAliveInterval });
        app.Run(async context =>
        {
            try
            {
                await pipeline.HandleAsync(context);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                logger.LogError(e, "Edge request {Method} {Host}{Path} failed", context.Request.Method,
                    context.Request.Host.Value, context.Request.Path.Value);
                if (context.Response.HasStarted) context.Abort();
                else await ErrorPage.InternalError.WriteAsync(context);
            }
        });
    }
}
