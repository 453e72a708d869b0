using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Switchyard.ControlPlane.Api;

/// <summary>
/// Gives every failure the Cloudflare envelope: refused requests (<see cref="ApiException"/>), unknown routes,
/// wrong methods, oversized bodies and unexpected faults (logged, answered 500 without internals).
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
                return;
            if (context.Response.StatusCode == 404)
                await Write(context, 404, 7003, UnsupportedProducts.Message(context.Request.Path)
                    ?? $"Could not route to {context.Request.Path}, perhaps your object identifier is invalid?");
            else if (context.Response.StatusCode == 405)
                await Write(context, 405, 10405, $"Method {context.Request.Method} not allowed for {context.Request.Path}");
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Write(context, e.Status, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == 413)
        {
            await Write(context, 413, 10004, "Request body is larger than the maximum allowed size");
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await Write(context, 500, 10013, "An unknown error has occurred");
        }
    }

    private static Task Write(HttpContext context, int status, int code, string message)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var envelope = new ApiEnvelope(false, [new ApiError(code, message)], [], null);
        return context.Response.WriteAsync(JsonSerializer.Serialize(envelope, ApiJson.Options));
    }
}
