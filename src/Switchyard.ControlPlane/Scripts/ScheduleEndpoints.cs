using System.Text.Json;
using Cronos;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Cron Triggers: <c>PUT …/scripts/{name}/schedules</c> with a bare array <c>[{"cron":"*/5 * * * *"}, …]</c> replaces a
/// script's schedules (what wrangler sends for <c>triggers.crons</c>; <c>[]</c> clears them), <c>GET</c> reads them.
/// Both answer <c>{"schedules":[{cron, created_on, modified_on}]}</c>. Expressions are five-field cron, evaluated in UTC,
/// with Cloudflare's extensions (names, <c>L</c>, <c>W</c>, <c>#</c>), checked with Cronos; nothing is stored when one is bad.
/// </summary>
public static class ScheduleEndpoints
{
    /// <summary>Cron Triggers per script, as on Cloudflare's paid plan.</summary>
    public const int MaxSchedules = 5;

    public static void Map(RouteGroupBuilder script)
    {
        script.MapPut("/schedules", Replace);
        script.MapGet("/schedules", Get);
    }

    private static async Task<IResult> Get(HttpContext ctx, IScriptStore scripts, IScheduleStore schedules)
    {
        WorkerScript script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
        return ApiResults.Ok(Describe(await schedules.GetAsync(script.Id)));
    }

    private static async Task<IResult> Replace(HttpContext ctx, IScriptStore scripts, IScheduleStore schedules)
    {
        WorkerScript script = await ScriptLocation.RequireScriptAsync(ctx, scripts);
        var body = await RequestBody.ReadJsonAsync<JsonElement>(ctx.Request, ctx.RequestAborted, maxBytes: 64 * 1024);
        if (body.ValueKind != JsonValueKind.Array)
            throw ScriptErrors.Invalid("The body must be a JSON array of schedules, such as [{\"cron\":\"*/5 * * * *\"}]");
        var crons = new List<string>();
        foreach (JsonElement item in body.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("cron", out JsonElement cron) || cron.ValueKind != JsonValueKind.String)
                throw ScriptErrors.Invalid("Each schedule must be an object with a string 'cron', such as {\"cron\":\"*/5 * * * *\"}");
            crons.Add(Validate(cron.GetString()!));
        }
        if (crons.Distinct(StringComparer.Ordinal).Count() > MaxSchedules)
            throw ScriptErrors.Invalid($"A worker can have at most {MaxSchedules} cron triggers; got {crons.Count}");
        return ApiResults.Ok(Describe(await schedules.ReplaceAsync(script.Id, crons)));
    }

    /// <summary>The expression, trimmed, if Cronos reads it as five-field cron; a 400 naming it otherwise.</summary>
    public static string Validate(string cron)
    {
        string trimmed = cron.Trim();
        try
        {
            CronExpression.Parse(trimmed, CronFormat.Standard);
            return trimmed;
        }
        catch (CronFormatException e)
        {
            throw ScriptErrors.Invalid($"Invalid cron expression '{cron}': {e.Message}");
        }
    }

    private static object Describe(IReadOnlyList<CronTrigger> triggers) => new
    {
        schedules = triggers.Select(t => new
        {
            cron = t.Cron,
            created_on = t.CreatedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            modified_on = t.ModifiedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        }).ToArray(),
    };
}
