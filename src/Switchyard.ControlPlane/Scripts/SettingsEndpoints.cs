using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts.Bindings;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// <c>/settings</c> (versioned settings plus script-level ones), <c>/script-settings</c> (script-level only) and
/// <c>/bindings</c>. Changing a versioned setting (bindings, compatibility, limits, placement, usage model) derives and
/// deploys a new version; a new <c>bindings</c> list replaces the old one, with <c>{"type":"inherit"}</c> entries
/// (wrangler's <c>secret bulk</c>) and <c>keep_bindings</c> to carry live bindings over.
/// </summary>
public static class SettingsEndpoints
{
    private static readonly string[] VersionedKeys =
        ["bindings", "compatibility_date", "compatibility_flags", "limits", "placement", "usage_model"];

    public static void Map(RouteGroupBuilder script)
    {
        script.MapGet("/settings", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var s = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok(ScriptResponses.Settings(s, (await ScriptEndpoints.LiveAsync(scripts, s))));
        });
        script.MapPatch("/settings", PatchSettings);

        script.MapGet("/script-settings", async (HttpContext ctx, IScriptStore scripts) =>
            ApiResults.Ok(ScriptResponses.ScriptSettings(await ScriptLocation.RequireScriptAsync(ctx, scripts))));
        script.MapPatch("/script-settings", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted);
            var patch = ScriptLevel(new JsonFields(body as JsonObject ?? throw ScriptErrors.Invalid("The body must be a JSON object"), ""));
            var script = await target.RequireAsync(scripts);
            return ApiResults.Ok(ScriptResponses.ScriptSettings(await scripts.UpdateSettingsAsync(script.Id, patch) ?? throw target.NotFound()));
        });

        script.MapGet("/bindings", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var s = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok((await ScriptEndpoints.LiveAsync(scripts, s)).Content.Bindings.Select(BindingSet.Public).ToList());
        });
    }

    private static async Task<IResult> PatchSettings(HttpContext ctx, IScriptStore scripts, ScriptDeployer deployer, TimeProvider clock)
    {
        var target = await ScriptLocation.ResolveAsync(ctx);
        var settings = await ReadSettingsAsync(ctx.Request, ctx.RequestAborted);
        var f = new JsonFields(settings, "settings");

        // validate everything before writing anything
        var patch = ScriptLevel(f);
        var specs = BindingParser.Parse(f.Array("bindings"));
        await deployer.RequireBindingTargetsAsync(target.Account.Id, specs, ctx.RequestAborted);
        var keep = f.Strings("keep_bindings") ?? [];
        var date = UploadMetadata.ValidDate(f.String("compatibility_date"), clock);
        var flags = UploadMetadata.ValidFlags(f.Strings("compatibility_flags"));
        var limits = f.Object("limits");
        var cpuMs = limits is null ? null : new JsonFields(limits, "settings.limits").Int("cpu_ms", 1, ScriptLimits.MaxCpuMs);
        var placement = UploadMetadata.NullIfJsonNull(f.Setting("placement", System.Text.Json.JsonValueKind.Object));
        var usage = f.String("usage_model");
        if (usage is not null && !UploadMetadata.UsageModels.Contains(usage))
            throw ScriptErrors.Invalid($"settings.usage_model must be one of {string.Join(", ", UploadMetadata.UsageModels)}; got '{usage}'");

        var script = await target.RequireAsync(scripts);
        if (!VersionedKeys.Any(settings.ContainsKey))
        {
            var updated = patch.IsEmpty ? script : await scripts.UpdateSettingsAsync(script.Id, patch) ?? throw target.NotFound();
            return ApiResults.Ok(ScriptResponses.Settings(updated, (await ScriptEndpoints.LiveAsync(scripts, updated))));
        }

        var result = await deployer.DeriveAsync(ctx, target, "settings", live => live with
        {
            Bindings = settings.ContainsKey("bindings") ? BindingSet.Resolve(specs, live.Bindings, keep, strictInherit: true) : live.Bindings,
            CompatibilityDate = settings.ContainsKey("compatibility_date") ? date : live.CompatibilityDate,
            CompatibilityFlags = flags ?? live.CompatibilityFlags,
            CpuMs = settings.ContainsKey("limits") ? cpuMs : live.CpuMs,
            Placement = settings.ContainsKey("placement") ? placement : live.Placement,
            UsageModel = usage ?? live.UsageModel,
        }, patch);
        return ApiResults.Ok(ScriptResponses.Settings(result.Script, result.Version));
    }

    /// <summary>Settings arrive as JSON (<c>{"settings":{…}}</c> or the bare object), or multipart with a <c>settings</c> part or bracketed fields.</summary>
    private static async Task<JsonObject> ReadSettingsAsync(HttpRequest request, CancellationToken ct)
    {
        var media = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (media is null or "application/json" or "application/merge-patch+json")
        {
            var body = await RequestBody.ReadJsonAsync<JsonNode>(request, ct) as JsonObject
                       ?? throw ScriptErrors.Invalid("The settings must be a JSON object");
            return body["settings"] as JsonObject ?? body;
        }
        return (await UploadForm.ReadAsync(request, "settings", ct)).Metadata;
    }

    private static ScriptSettingsPatch ScriptLevel(JsonFields f) => new(
        f.Bool("logpush"),
        f.Setting("observability", System.Text.Json.JsonValueKind.Object),
        f.Setting("tail_consumers", System.Text.Json.JsonValueKind.Array),
        f.Strings("tags") is { } tags ? ScriptNames.RequireValidTags(tags) : null);
}
