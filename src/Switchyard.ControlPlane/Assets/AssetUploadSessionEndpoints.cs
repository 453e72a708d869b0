using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Namespaces;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// <c>POST …/assets-upload-session</c> for account-level scripts and scripts in a dispatch namespace: validates the
/// manifest and answers <c>{jwt, buckets}</c> (see <see cref="AssetUploads.StartSessionAsync"/>).
/// </summary>
public static class AssetUploadSessionEndpoints
{
    /// <summary>A manifest of 20,000 entries with long paths fits well within this.</summary>
    private const long MaxManifestBytes = 32L * 1024 * 1024;

    public static void Map(RouteGroupBuilder account)
    {
        account.MapPost("/workers/scripts/{script_name}/assets-upload-session",
            (HttpContext ctx, string script_name, AssetUploads uploads, AssetUploadOptions options, CancellationToken ct) =>
                Start(ctx, null, script_name, uploads, options, ct));

        account.MapPost("/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/assets-upload-session",
            async (HttpContext ctx, string dispatch_namespace, string script_name, AssetUploads uploads, AssetUploadOptions options,
                INamespaceStore namespaces, CancellationToken ct) =>
            {
                await NamespaceLookup.RequireAsync(namespaces, ctx.Account().Id, dispatch_namespace, ct);
                return await Start(ctx, dispatch_namespace, script_name, uploads, options, ct);
            });
    }

    private static async Task<IResult> Start(HttpContext ctx, string? dispatchNamespace, string scriptName, AssetUploads uploads,
        AssetUploadOptions options, CancellationToken ct)
    {
        var body = await RequestBody.ReadBytesAsync(ctx.Request, MaxManifestBytes, ct);
        var manifest = UploadManifest.Parse(body, options);
        var session = await uploads.StartSessionAsync(ctx.Account().Id, dispatchNamespace, scriptName, manifest, ct);
        return ApiResults.Ok(new { jwt = session.Jwt, buckets = session.Buckets });
    }
}
