using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Switchyard.Edge;

/// <summary>The edge listener's routes. Requests whose host names no deployed worker get a plain 404 page.</summary>
public static class EdgeApp
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapFallback((HttpContext ctx) =>
            Results.Text($"No worker is deployed at {ctx.Request.Host}.\n", "text/plain; charset=utf-8", statusCode: 404));
    }
}
