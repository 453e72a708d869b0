using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Namespaces;
using Switchyard.ControlPlane.Zones;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Worker scripts at account level (<c>/workers/scripts</c>) and in dispatch namespaces
/// (<c>/workers/dispatch/namespaces/{namespace}/scripts</c>): upload, get, delete, list by tags, delete by tags; and the
/// per-script families that both paths share. Account-only families (versions, deployments, subdomain, routes) are
/// mapped on the account path alone, as Cloudflare has them.
/// </summary>
public static class ScriptEndpoints
{
    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 1000;

    public static void Map(RouteGroupBuilder account)
    {
        var accountScripts = account.MapGroup("/workers/scripts");
        var namespaceScripts = account.MapGroup($"/workers/dispatch/namespaces/{{{ScriptLocation.NamespaceRouteKey}}}/scripts");

        foreach (var scripts in new[] { accountScripts, namespaceScripts })
        {
            scripts.MapGet("", List);
            var script = scripts.MapGroup($"/{{{ScriptLocation.ScriptRouteKey}}}");
            script.MapPut("", Upload);
            script.MapDelete("", Delete);
            ContentEndpoints.Map(script);
            SettingsEndpoints.Map(script);
            SecretEndpoints.Map(script);
            TagEndpoints.Map(script);
            Tails.TailEndpoints.Map(script);
            ScheduleEndpoints.Map(script);
        }

        // Account-level GET downloads the code (SDK workers.scripts.get); the namespace GET describes the script.
        accountScripts.MapGet($"/{{{ScriptLocation.ScriptRouteKey}}}", ContentEndpoints.Download);
        namespaceScripts.MapGet($"/{{{ScriptLocation.ScriptRouteKey}}}", GetInNamespace);
        namespaceScripts.MapDelete("", DeleteByTags);

        var accountScript = accountScripts.MapGroup($"/{{{ScriptLocation.ScriptRouteKey}}}");
        VersionEndpoints.Map(accountScript);
        VersionEndpoints.Map(namespaceScripts.MapGroup($"/{{{ScriptLocation.ScriptRouteKey}}}"));
        SubdomainEndpoints.MapScript(accountScript);
        RouteEndpoints.MapScript(accountScript);
        ReferenceEndpoints.Map(account);
    }

    private static async Task<IResult> Upload(HttpContext ctx, ScriptDeployer deployer)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var result = await deployer.UploadAsync(ctx, target, deploy: true);
        return ApiResults.Ok(ScriptResponses.Uploaded(result.Script, result.Version));
    }

    private static async Task<IResult> GetInNamespace(HttpContext ctx, IScriptStore scripts)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var script = await target.RequireAsync(scripts);
        return ApiResults.Ok(new
        {
            created_on = script.CreatedOn,
            modified_on = script.ModifiedOn,
            dispatch_namespace = target.Namespace!.Name,
            script = ScriptResponses.Script(script, await LiveAsync(scripts, script, ctx.RequestAborted)),
        });
    }

    private static Task<IResult> Delete(HttpContext ctx, IScriptStore scripts, bool? force) => DeleteScript(ctx, scripts, force == true);

    /// <summary>
    /// Deletes the addressed script (account or namespace). An account script that other workers bind as a service is
    /// kept unless <paramref name="force"/> (10064, naming them).
    /// </summary>
    public static async Task<IResult> DeleteScript(HttpContext ctx, IScriptStore scripts, bool force)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var script = await target.RequireAsync(scripts);
        if (target.Namespace is null && !force)
        {
            var dependents = await scripts.FindServiceBindingsToAsync(target.Account.Id, script.Name);
            if (dependents.Count > 0)
                throw ApiException.Conflict(ScriptErrors.StillReferenced,
                    $"Worker '{script.Name}' is bound as a service by {string.Join(", ", dependents)}; delete with ?force=true to delete it anyway");
            var dispatchers = await scripts.FindDispatchOutboundsToAsync(target.Account.Id, script.Name);
            if (dispatchers.Count > 0)
                throw ApiException.Conflict(ScriptErrors.StillReferenced,
                    $"Worker '{script.Name}' is the outbound worker of {string.Join(", ", dispatchers.Select(d => $"{d.Script} (dispatch namespace {d.Namespace})"))}; "
                    + "delete with ?force=true to delete it anyway");
        }
        await scripts.DeleteAsync(script.Id);
        return ApiResults.Ok(null);
    }

    private static async Task<IResult> List(HttpContext ctx, IScriptStore scripts, string? tags, int? limit, string? cursor)
    {
        var owner = await OwnerAsync(ctx);
        var filter = TagFilterParser.Parse(tags);
        var size = limit ?? DefaultListLimit;
        if (size is < 1 or > MaxListLimit) throw ScriptErrors.Invalid($"limit must be between 1 and {MaxListLimit}");
        var page = await scripts.ListAsync(owner, filter, size, DecodeCursor(cursor), ctx.RequestAborted);
        var items = new List<object>(page.Scripts.Count);
        foreach (var s in page.Scripts) items.Add(ScriptResponses.Script(s, await LiveAsync(scripts, s, ctx.RequestAborted)));
        return ApiResults.Ok(items, new ResultInfo { Count = items.Count, Cursor = page.NextAfter is { } next ? EncodeCursor(next) : "" });
    }

    /// <summary>Deletes every script of the namespace matching the tag filter, which must not be empty.</summary>
    private static async Task<IResult> DeleteByTags(HttpContext ctx, IScriptStore scripts, string? tags)
    {
        var owner = await OwnerAsync(ctx);
        var filter = TagFilterParser.Parse(tags);
        if (filter.IsEmpty) throw ScriptErrors.Invalid("Deleting scripts by tag needs a tags filter, e.g. ?tags=customer-42:yes");
        await scripts.DeleteMatchingAsync(owner, filter);
        return ApiResults.Ok(null);
    }

    /// <summary>The live version of a script that was just read.</summary>
    public static async Task<ScriptVersion> LiveAsync(IScriptStore scripts, WorkerScript script, CancellationToken ct = default) =>
        await scripts.GetVersionAsync(script.Id, script.ActiveVersionId, ct)
        ?? throw new InvalidOperationException($"script {script.Id} has no version {script.ActiveVersionId}");

    private static async Task<ScriptOwner> OwnerAsync(HttpContext ctx) =>
        ctx.Request.RouteValues[ScriptLocation.NamespaceRouteKey] is string ns
            ? ScriptOwner.Namespace(await NamespaceLookup.RequireAsync(ctx.RequestServices.GetRequiredService<INamespaceStore>(), ctx.Account().Id, ns,
                ctx.RequestAborted))
            : ScriptOwner.Account(ctx.Account().Id);

    /// <summary>The cursor is the last name listed, base64url-encoded so clients treat it as opaque.</summary>
    private static string EncodeCursor(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastName));

    private static string? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var name = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (ScriptNames.IsValid(name)) return name;
        }
        catch (FormatException) { }
        throw ScriptErrors.Invalid($"Invalid cursor '{cursor}'");
    }
}
