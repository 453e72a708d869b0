using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// What a normal <c>wrangler deploy</c> needs around the upload (contract §2): the account's workers subdomain, each
/// script's subdomain switch (the edge serves <c>&lt;script&gt;.&lt;subdomain&gt;.&lt;workers domain&gt;</c> only while
/// it is on; new scripts start off and wrangler turns it on), the <c>workers/workers</c> resource and the legacy
/// <c>services</c> resource wrangler reads to decide whether a worker exists.
/// </summary>
public static partial class SubdomainEndpoints
{
    public static void MapAccount(RouteGroupBuilder account)
    {
        account.MapGet("/workers/subdomain", (HttpContext ctx) => ApiResults.Ok(new { subdomain = ctx.Account().Subdomain }));

        account.MapPut("/workers/subdomain", async (HttpContext ctx, IAccountStore accounts) =>
        {
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ScriptErrors.Invalid("The body must be a JSON object {\"subdomain\": \"…\"}");
            var subdomain = new JsonFields(body, "").String("subdomain") ?? throw ScriptErrors.Invalid("'subdomain' is required");
            if (!SubdomainPattern().IsMatch(subdomain))
                throw ScriptErrors.Invalid($"Invalid subdomain '{subdomain}': 1-63 lower-case letters, digits and '-', not starting or ending with '-'");
            try
            {
                var account = await accounts.SetSubdomainAsync(ctx.Account().Id, subdomain, ctx.RequestAborted) ?? throw ApiException.Forbidden();
                return ApiResults.Ok(new { subdomain = account.Subdomain });
            }
            catch (NameConflictException e)
            {
                throw ApiException.Conflict(ScriptErrors.SubdomainUnavailable, e.Message);
            }
        });

        account.MapGet("/workers/workers/{script_name}", async (HttpContext ctx, IScriptStore scripts, string script_name) =>
        {
            var script = await FindAccountScriptAsync(ctx, scripts, script_name, ScriptErrors.WorkerNotFound);
            return ApiResults.Ok(new
            {
                id = script.Id,
                name = script.Name,
                created_on = script.CreatedOn,
                updated_on = script.ModifiedOn,
                logpush = script.Settings.Logpush,
                observability = script.Settings.Observability,
                tags = script.Tags,
                tail_consumers = script.Settings.TailConsumers,
                subdomain = new { enabled = script.SubdomainEnabled, previews_enabled = script.PreviewsEnabled },
            });
        });

        account.MapGet("/workers/services/{script_name}", async (HttpContext ctx, IScriptStore scripts, string script_name) =>
        {
            var script = await FindAccountScriptAsync(ctx, scripts, script_name, ScriptErrors.ServiceNotFound);
            return ApiResults.Ok(new
            {
                id = script.Name,
                created_on = script.CreatedOn,
                modified_on = script.ModifiedOn,
                default_environment = new
                {
                    environment = "production",
                    created_on = script.CreatedOn,
                    modified_on = script.ModifiedOn,
                    script = ScriptResponses.Script(script, (await ScriptEndpoints.LiveAsync(scripts, script))),
                },
            });
        });
    }

    public static void MapScript(RouteGroupBuilder accountScript)
    {
        accountScript.MapGet("/subdomain", async (HttpContext ctx, IScriptStore scripts) =>
            ApiResults.Ok(State(await ScriptLocation.RequireScriptAsync(ctx, scripts))));

        accountScript.MapPost("/subdomain", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ScriptErrors.Invalid("The body must be a JSON object {\"enabled\": true|false}");
            var f = new JsonFields(body, "");
            var enabled = f.Bool("enabled") ?? throw ScriptErrors.Invalid("'enabled' is required and must be a boolean");
            var previews = f.Bool("previews_enabled");
            var script = await target.RequireAsync(scripts);
            return ApiResults.Ok(State(await scripts.SetSubdomainAsync(script.Id, enabled, previews ?? script.PreviewsEnabled) ?? throw target.NotFound()));
        });

        accountScript.MapDelete("/subdomain", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var script = await target.RequireAsync(scripts);
            return ApiResults.Ok(State(await scripts.SetSubdomainAsync(script.Id, false, false) ?? throw target.NotFound()));
        });
    }

    private static object State(WorkerScript script) => new { enabled = script.SubdomainEnabled, previews_enabled = script.PreviewsEnabled };

    private static async Task<WorkerScript> FindAccountScriptAsync(HttpContext ctx, IScriptStore scripts, string name, int notFoundCode)
    {
        ScriptNames.RequireValidScript(name);
        return await scripts.FindAsync(ScriptOwner.Account(ctx.Account().Id), name)
               ?? throw ApiException.NotFound(notFoundCode, $"Worker '{name}' not found");
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SubdomainPattern();
}
