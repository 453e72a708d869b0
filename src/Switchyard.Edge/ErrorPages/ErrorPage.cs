using System.Net;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Edge.ErrorPages;

/// <summary>
/// A page the edge answers with instead of a worker's response, shaped like Cloudflare's: the status, "Error 1101"
/// style code when there is one, a title and a sentence for the visitor. Never shows internals (those go to the log).
/// </summary>
public sealed record ErrorPage(int Status, int? Code, string Title, string Detail)
{
    public static ErrorPage WorkerThrewException { get; } = new(500, 1101, "Worker threw exception",
        "The Worker serving this site threw a JavaScript exception.");

    public static ErrorPage WorkerExceededResourceLimits { get; } = new(503, 1102, "Worker exceeded resource limits",
        "The Worker serving this site exceeded its CPU time, memory or subrequest limit.");

    public static ErrorPage LoopLimit { get; } = new(500, 1019, "Compute server error",
        "Too many Workers invoked each other while serving this request.");

    public static ErrorPage InvalidWorkerResponse { get; } = new(502, null, "Bad gateway",
        "The Worker serving this site returned a response that cannot be sent.");

    public static ErrorPage InternalError { get; } = new(500, null, "Internal server error",
        "The edge failed while serving this request.");

    /// <summary>No worker is addressed by this host (or the route matching the URL names none).</summary>
    public static ErrorPage NoWorkerAt(string host) => new(404, null, "Not found",
        $"No Worker is deployed at {host}.");

    /// <summary>The host names an account script that exists but whose workers subdomain address is not enabled.</summary>
    public static ErrorPage NotEnabledOnSubdomain(string host) => new(404, null, "Not found",
        $"The Worker at {host} is not enabled on its workers subdomain. Enable it with workers_dev = true in its "
        + "wrangler configuration, or POST {\"enabled\": true} to its /subdomain endpoint.");

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var ray = response.Headers["cf-ray"];  // kept across Clear(): the page names the request, as Cloudflare's do
        response.Clear();
        if (ray.Count > 0) response.Headers["cf-ray"] = ray;
        response.StatusCode = Status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var heading = Code is { } code ? $"Error {code}" : $"Error {Status}";
        var host = WebUtility.HtmlEncode(context.Request.Host.Value ?? "");
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(Title)} | {host}</title></head>
            <body>
            <h1>{heading}</h1>
            <h2>{WebUtility.HtmlEncode(Title)}</h2>
            <p>{WebUtility.HtmlEncode(Detail)}</p>
            <hr><p><small>Switchyard edge · {host}{(ray.Count > 0 ? " · Ray ID: " + WebUtility.HtmlEncode(ray.ToString()) : "")}</small></p>
            </body>
            </html>

            """;
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
