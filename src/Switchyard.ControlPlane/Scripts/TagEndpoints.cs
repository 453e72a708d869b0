using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary><c>/tags</c>: list; <c>PUT</c> replaces the whole set (a JSON array); <c>/tags/{tag}</c> adds or removes one.</summary>
public static class TagEndpoints
{
    public static void Map(RouteGroupBuilder script)
    {
        script.MapGet("/tags", async (HttpContext ctx, IScriptStore scripts) => ApiResults.Ok((await ScriptLocation.RequireScriptAsync(ctx, scripts)).Tags));

        script.MapPut("/tags", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted);
            if (body is not JsonArray array || array.Any(t => t is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
                throw ScriptErrors.Invalid("The body must be a JSON array of tag strings");
            var tags = ScriptNames.RequireValidTags(array.Select(t => t!.GetValue<string>()));
            return ApiResults.Ok((await SetTagsAsync(scripts, target, tags)).Tags);
        });

        script.MapPut("/tags/{tag}", async (HttpContext ctx, IScriptStore scripts, string tag) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var current = (await target.RequireAsync(scripts)).Tags;
            await SetTagsAsync(scripts, target, ScriptNames.RequireValidTags([.. current, tag]));
            return ApiResults.Ok(null);
        });

        script.MapDelete("/tags/{tag}", async (HttpContext ctx, IScriptStore scripts, string tag) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var current = (await target.RequireAsync(scripts)).Tags;
            if (current.Contains(tag)) await SetTagsAsync(scripts, target, current.Where(t => t != tag).ToList());
            return ApiResults.Ok(null);
        });
    }

    private static async Task<WorkerScript> SetTagsAsync(IScriptStore scripts, ScriptLocation target, IReadOnlyList<string> tags)
    {
        var script = await target.RequireAsync(scripts);
        return await scripts.UpdateSettingsAsync(script.Id, new ScriptSettingsPatch(Tags: tags)) ?? throw target.NotFound();
    }
}
