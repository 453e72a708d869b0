using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Switchyard.ControlPlane.OperatorConsole;

/// <summary>
/// Serves the operator console at <c>/</c> of the API listener and its bundle under <c>/console/</c>. The pages need
/// no token (they are the same files for everyone); everything they show comes from <c>/client/v4</c> and
/// <c>/metrics</c> with the token the operator signs in with, so the console has no backend of its own.
/// </summary>
public static partial class ConsoleEndpoints
{
    public const string AssetPath = "/console";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext ctx) => Serve(ctx, ConsoleAssets.IndexName));
        app.MapMethods(AssetPath + "/{file}", [HttpMethods.Get, HttpMethods.Head], (HttpContext ctx, string file) => Serve(ctx, file));
    }

    private static IResult Serve(HttpContext ctx, string file)
    {
        if (ConsoleAssets.Find(file) is not { } asset) return Results.NotFound();
        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(ctx.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // The token lives in the page's fragment and sessionStorage only; no Referer should carry the page's URL anywhere.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>
    /// Scripts, styles and images from this origin only: no inline script or style, no eval, no other host. The API and
    /// /metrics are same-origin; the tail's WebSocket URL names this host with ws: (wss: behind a TLS proxy), which
    /// 'self' does not cover in every browser, so the host is listed for both schemes.
    /// </summary>
    public static string ContentSecurityPolicy(HostString host)
    {
        var sockets = host.HasValue && HostPattern().IsMatch(host.Value) ? $" ws://{host.Value} wss://{host.Value}" : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
               $"connect-src 'self'{sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    // A host name, IPv4 or bracketed IPv6 address and an optional port: nothing that could end or extend the policy.
    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();
}
