using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// <c>POST …/workers/assets/upload</c> (a bucket of files, multipart) and <c>POST …/workers/assets/upload/{hash}</c>
/// (one raw file, wrangler's single-asset mode), behind <see cref="AssetUploadTokenFilter"/>. Answers 202 with an
/// empty result while files are missing, and 201 with the completion <c>jwt</c> once the manifest is complete.
/// </summary>
public static class AssetUploadEndpoints
{
    /// <param name="uploads">The group <c>/accounts/{account_id}/workers/assets</c>, authenticated by upload JWT.</param>
    public static void Map(RouteGroupBuilder uploads)
    {
        uploads.MapPost("/upload", async (HttpContext ctx, AssetUploads assets, AssetUploadOptions options, CancellationToken ct) =>
        {
            var files = await UploadRequest.ReadMultipartAsync(ctx.Request, options, ct);
            return Answer(await assets.AcceptAsync(AssetUploadTokenFilter.SessionOf(ctx), files, ct));
        });

        uploads.MapPost("/upload/{hash}", async (HttpContext ctx, string hash, AssetUploads assets, AssetUploadOptions options,
            CancellationToken ct) =>
        {
            var file = await UploadRequest.ReadSingleAsync(ctx.Request, hash, options, ct);
            return Answer(await assets.AcceptAsync(AssetUploadTokenFilter.SessionOf(ctx), [file], ct));
        });
    }

    private static IResult Answer(string? completionJwt) => completionJwt is null
        ? ApiResults.Ok(new { }, status: StatusCodes.Status202Accepted)
        : ApiResults.Ok(new { jwt = completionJwt }, status: StatusCodes.Status201Created);
}
