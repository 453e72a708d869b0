using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchyard.Edge.Assets;
using Switchyard.Edge.ErrorPages;
using Switchyard.Edge.Routing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// Answers one edge request: find the worker the host and path address, load its live version, let the asset
/// router answer, and hand what it does not answer to the Workers runtime. Failures of the worker become
/// Cloudflare-style error pages; their details go to the log.
/// </summary>
public sealed class EdgePipeline(
    HostRouter router,
    VersionCache versions,
    AssetResponseWriter assets,
    ILogger<EdgePipeline> logger,
    IWorkerInvoker invoker,
    EdgeOptions options)
{
    public const string HealthPath = "/healthz";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var assetRequest = AssetRequest.From(request);
        var match = router.Resolve(request.Host.Host, assetRequest.Path);
        if (match.Worker is not { } worker)
        {
            // The edge's own health check lives only on hosts no worker owns, so it never shadows a worker's path.
            if (request.Path == HealthPath && HttpMethods.IsGet(request.Method))
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok");
                return;
            }
            var page = match.Kind == RouteMatchKind.NotOnSubdomain
                ? ErrorPage.NotEnabledOnSubdomain(request.Host.Host)
                : ErrorPage.NoWorkerAt(request.Host.Host);
            await page.WriteAsync(context);
            return;
        }

        // Null only when the version was deleted between the lookup and the load.
        var versionId = worker.Traffic is null ? worker.VersionId  // one version: no header to read
            : VersionRouting.Choose(worker, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null);
        var version = await versions.GetAsync(versionId);
        if (version is null)
        {
            await ErrorPage.NoWorkerAt(request.Host.Host).WriteAsync(context);
            return;
        }

        var outcome = version.Assets.Route(assetRequest);
        if (outcome.Kind != AssetOutcomeKind.RunWorker)
        {
            await assets.WriteAsync(context.Response, outcome, context.RequestAborted);
            return;
        }
        await RunWorkerAsync(context, worker, version, assetRequest);
    }

    private async Task RunWorkerAsync(HttpContext context, WorkerRef worker, LoadedVersion version, AssetRequest assetRequest)
    {
        var ct = context.RequestAborted;
        string rayId = RayIds.Next();
        context.Response.Headers["cf-ray"] = $"{rayId}-{options.Colo}";
        WorkerResponse response;
        try
        {
            response = await invoker.FetchAsync(worker, version.Deployed, WorkerRequests.From(context, options.Colo, rayId), ct);
        }
        catch (WorkerException e)
        {
            await WriteFailureAsync(context, worker, e, version, assetRequest);
            return;
        }

        if (response.WebSocket is { } webSocket)
        {
            await WebSocketUpgrade.ServeAsync(context, response, webSocket, logger, worker.ScriptName);
            return;
        }
        if (WorkerResponseWriter.Problem(response) is { } problem)
        {
            if (response.Body is not null) await response.Body.DisposeAsync();
            logger.LogWarning("Script {Script} returned an unusable response: {Problem}", worker.ScriptName, problem);
            await ErrorPage.InvalidWorkerResponse.WriteAsync(context);
            return;
        }

        try
        {
            await WorkerResponseWriter.WriteAsync(context, response, ct);
        }
        catch (WorkerException e) when (!context.Response.HasStarted)
        {
            await WriteFailureAsync(context, worker, e, version, assetRequest);
        }
        catch (Exception e) when (e is not OperationCanceledException && context.Response.HasStarted)
        {
            // The status line is out: all that is left is to cut the connection so the client sees a broken body.
            logger.LogError(e, "Script {Script} failed while streaming its response body", worker.ScriptName);
            context.Abort();
        }
    }

    private Task WriteFailureAsync(HttpContext context, WorkerRef worker, WorkerException e, LoadedVersion version,
        AssetRequest assetRequest)
    {
        if (e.Failure == WorkerFailure.Exception)
            logger.LogError("Script {Script} threw an exception: {Message}\n{Stack}", worker.ScriptName, e.Message, e.JsStack);
        else
            logger.LogWarning("Script {Script} failed: {Failure}: {Message}", worker.ScriptName, e.Failure, e.Message);

        if (PassesThrough(context.Request, e))
        {
            // ctx.passThroughOnException(): the request goes to the worker's origin, which on Switchyard is its
            // static assets, answered as env.ASSETS.fetch would answer it.
            var outcome = version.Assets.RouteAssetsBinding(assetRequest);
            return assets.WriteAsync(context.Response, outcome, context.RequestAborted);
        }

        var page = e.Failure switch
        {
            WorkerFailure.Exception => ErrorPage.WorkerThrewException,
            WorkerFailure.LoopLimit => ErrorPage.LoopLimit,
            _ => ErrorPage.WorkerExceededResourceLimits,
        };
        return page.WriteAsync(context);
    }

    /// <summary>
    /// Whether a failure goes to the origin instead of an error page: only an uncaught exception after
    /// <c>passThroughOnException()</c> (limits never pass through), and only for GET/HEAD — a request with a body
    /// may have had it consumed by the worker, and the edge does not buffer bodies to replay them, so such a
    /// request keeps the 1101 page.
    /// </summary>
    private static bool PassesThrough(HttpRequest request, WorkerException e) =>
        e is { Failure: WorkerFailure.Exception, PassThroughOnException: true }
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
}
