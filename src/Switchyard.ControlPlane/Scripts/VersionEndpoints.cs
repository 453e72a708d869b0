using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// The Versions API wrangler uses to redeploy an existing worker (contract §3 c2): upload a version without deploying
/// it, list and read versions, deploy, list deployments; for account scripts and for scripts in dispatch namespaces. A
/// deployment sends traffic to one version, or splits it across versions by percentage (gradual deployments, e.g.
/// <c>wrangler versions deploy A@50% B@50%</c>); the edge and dispatch pick a version per request
/// (<c>Runtime.Invocation.VersionRouting</c>).
/// </summary>
public static class VersionEndpoints
{
    public static void Map(RouteGroupBuilder accountScript)
    {
        accountScript.MapPost("/versions", async (HttpContext ctx, ScriptDeployer deployer) =>
        {
            var result = await deployer.UploadAsync(ctx, await ScriptLocation.ResolveAsync(ctx), deploy: false);
            return ApiResults.Ok(ScriptResponses.Version(result.Script, result.Version));
        });

        accountScript.MapGet("/versions", async (HttpContext ctx, IScriptStore scripts, int? page, int? per_page) =>
        {
            var script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            var all = await scripts.ListVersionsAsync(script.Id);
            var p = Math.Max(page ?? 1, 1);
            var size = Math.Clamp(per_page ?? 20, 1, 100);
            var items = all.Skip((p - 1) * size).Take(size).Select(v => ScriptResponses.Version(script, v)).ToList();
            return ApiResults.Ok(new { items }, new ResultInfo
            {
                Page = p, PerPage = size, Count = items.Count, TotalCount = all.Count, TotalPages = (all.Count + size - 1) / size,
            });
        });

        accountScript.MapGet("/versions/{version_id}", async (HttpContext ctx, IScriptStore scripts, string version_id) =>
        {
            var script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            var version = await scripts.GetVersionAsync(script.Id, version_id) ?? throw VersionNotFound(version_id, script.Name);
            return ApiResults.Ok(ScriptResponses.Version(script, version));
        });

        accountScript.MapPost("/deployments", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ScriptErrors.Invalid("The body must be a JSON object {strategy, versions, annotations}");
            var f = new JsonFields(body, "");
            var strategy = f.String("strategy") ?? "percentage";
            if (strategy != "percentage") throw ScriptErrors.Invalid($"strategy must be 'percentage'; got '{strategy}'");
            var versions = Split(f.Array("versions"));
            var annotations = Annotations(f.Object("annotations"));

            var script = await target.RequireAsync(scripts);
            var deployment = await scripts.DeployAsync(script.Id, versions, ScriptDeployer.ClientSource(ctx), ScriptDeployer.Author(ctx), annotations);
            if (deployment is null)
            {
                var unknown = versions[0];
                foreach (var v in versions)
                    if (await scripts.GetVersionAsync(script.Id, v.VersionId, ctx.RequestAborted) is null) { unknown = v; break; }
                throw VersionNotFound(unknown.VersionId, script.Name);
            }
            return ApiResults.Ok(ScriptResponses.Deployment(deployment));
        });

        accountScript.MapGet("/deployments", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok(new { deployments = (await scripts.ListDeploymentsAsync(script.Id, ctx.RequestAborted)).Select(ScriptResponses.Deployment).ToList() });
        });
    }

    /// <summary>Cloudflare's limit on the versions of one deployment.</summary>
    public const int MaxSplitVersions = 2;

    /// <summary>The versions a deployment names with their percentages: distinct, each 1-100 (one alone may omit it), summing to 100.</summary>
    private static IReadOnlyList<DeploymentVersion> Split(JsonArray? versions)
    {
        if (versions is null || versions.Count == 0) throw ScriptErrors.Invalid("versions must list the version(s) to deploy");
        if (versions.Count > MaxSplitVersions)
            throw ScriptErrors.Invalid($"A deployment splits traffic across at most {MaxSplitVersions} versions; got {versions.Count}");
        var split = new List<DeploymentVersion>();
        for (int i = 0; i < versions.Count; i++)
        {
            var f = new JsonFields(versions[i] as JsonObject ?? throw ScriptErrors.Invalid($"versions[{i}] must be an object"), $"versions[{i}]");
            var id = f.String("version_id") ?? throw ScriptErrors.Invalid($"versions[{i}].version_id is required");
            var percentage = f.Int("percentage", 1, 100) ?? (versions.Count == 1 ? 100 : throw ScriptErrors.Invalid($"versions[{i}].percentage is required"));
            if (split.Any(v => v.VersionId == id)) throw ScriptErrors.Invalid($"versions names version {id} twice");
            split.Add(new DeploymentVersion(id, percentage));
        }
        var total = split.Sum(v => v.Percentage);
        if (total != 100) throw ScriptErrors.Invalid($"The versions' percentages must sum to 100; got {total}");
        return split;
    }

    private static Dictionary<string, string> Annotations(JsonObject? annotations)
    {
        var result = new Dictionary<string, string>();
        if (annotations is null) return result;
        var f = new JsonFields(annotations, "annotations");
        foreach (var (key, _) in annotations)
            result[key] = f.String(key) ?? throw ScriptErrors.Invalid($"annotations.{key} must be a string");
        return result;
    }

    private static ApiException VersionNotFound(string versionId, string script) =>
        ApiException.NotFound(ScriptErrors.VersionNotFound, $"Worker '{script}' has no version '{versionId}'");
}
