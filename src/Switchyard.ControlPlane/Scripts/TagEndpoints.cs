using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary><c>/tags</c>: list; <c>PUT</c> replaces the whole set (a JSON array); <c>/tags/{tag}</c> adds or removes one.</summary>
public static class TagEndpoints
{
    public static void Map(RouteGroupBuilder script)
    {
        script.MapGet("/tags", (HttpContext ctx, IScriptStore scripts) => ApiResults.Ok(ScriptLocation.Resolve(ctx).Require(scripts).Tags));

        script.MapPut("/tags", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = ScriptLocation.Resolve(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted);
            if (body is not JsonArray array || array.Any(t => t is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
                throw ScriptErrors.Invalid("The body must be a JSON array of tag strings");
            var tags = ScriptNames.RequireValidTags(array.Select(t => t!.GetValue<string>()));
            return ApiResults.Ok(SetTags(scripts, target, tags).Tags);
        });

        script.MapPut("/tags/{tag}", (HttpContext ctx, IScriptStore scripts, string tag) =>
        {
            var target = ScriptLocation.Resolve(ctx);
            var current = target.Require(scripts).Tags;
            SetTags(scripts, target, ScriptNames.RequireValidTags([.. current, tag]));
            return ApiResults.Ok(null);
        });

        script.MapDelete("/tags/{tag}", (HttpContext ctx, IScriptStore scripts, string tag) =>
        {
            var target = ScriptLocation.Resolve(ctx);
            var current = target.Require(scripts).Tags;
            if (current.Contains(tag)) SetTags(scripts, target, current.Where(t => t != tag).ToList());
            return ApiResults.Ok(null);
        });
    }

    private static WorkerScript SetTags(IScriptStore scripts, ScriptLocation target, IReadOnlyList<string> tags)
    {
        var script = target.Require(scripts);
        return scripts.UpdateSettings(script.Id, new ScriptSettingsPatch(Tags: tags)) ?? throw target.NotFound();
    }
}
