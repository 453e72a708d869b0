using System.Net.Http.Headers;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// <c>/content</c>: replace only the code of a script (bindings, settings and assets stay), or download it. A version
/// with one module (source maps aside) downloads as that module's bytes; several download as multipart/form-data,
/// one part per module. <c>CF-Entrypoint</c> names the main module either way.
/// </summary>
public static class ContentEndpoints
{
    public static void Map(RouteGroupBuilder script)
    {
        script.MapPut("/content", async (HttpContext ctx, ScriptDeployer deployer) =>
        {
            var result = await deployer.ReplaceContentAsync(ctx, await ScriptLocation.ResolveAsync(ctx));
            return ApiResults.Ok(ScriptResponses.Uploaded(result.Script, result.Version));
        });
        script.MapGet("/content", Download);
    }

    public static async Task Download(HttpContext ctx, IScriptStore scripts, IBlobStore blobs)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var script = await target.RequireAsync(scripts);
        var live = (await ScriptEndpoints.LiveAsync(scripts, script)).Content;
        if (live.MainModule is null)
            throw ApiException.NotFound(ScriptErrors.WorkerNotFound, $"Worker '{script.Name}' has no code: it serves static assets only");

        var response = ctx.Response;
        response.Headers["CF-Entrypoint"] = live.MainModule;
        var code = live.Modules.Where(m => m.Kind != ModuleKind.SourceMap).ToList();
        if (code.Count == 1)
        {
            response.ContentType = code[0].ContentType;
            await using var stream = Open(blobs, code[0]);
            response.ContentLength = stream.Length;
            await stream.CopyToAsync(response.Body, ctx.RequestAborted);
            return;
        }

        using var form = new MultipartFormDataContent();
        foreach (var module in live.Modules)
        {
            var part = new StreamContent(Open(blobs, module));
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(module.ContentType);
            form.Add(part, module.Name, module.Name);
        }
        response.ContentType = form.Headers.ContentType!.ToString();
        await form.CopyToAsync(response.Body, ctx.RequestAborted);
    }

    private static Stream Open(IBlobStore blobs, ScriptModule module) =>
        blobs.OpenRead(module.BlobKey) ?? throw new InvalidOperationException($"blob {module.BlobKey} of module {module.Name} is missing");
}
