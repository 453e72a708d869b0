using Npgsql;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresScheduleStore(PostgresDatabase db, TimeProvider clock) : IScheduleStore
{
    public async Task<IReadOnlyList<CronTrigger>> GetAsync(string scriptId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, scriptId, null, ct);
    }

    public Task<IReadOnlyList<CronTrigger>> ReplaceAsync(string scriptId, IReadOnlyList<string> crons, CancellationToken ct = default)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return db.InTransactionAsync<IReadOnlyList<CronTrigger>>(async (c, t) =>
        {
            // FOR UPDATE: two replacements of one script's schedules take turns, as under SQLite's single writer.
            await c.ExecuteAsync("SELECT 1 FROM scripts WHERE id = @id FOR UPDATE", t, ct, ("id", scriptId));
            var kept = (await ReadAsync(c, scriptId, t, ct)).ToDictionary(s => s.Cron, StringComparer.Ordinal);
            await c.ExecuteAsync("DELETE FROM cron_triggers WHERE script_id = @id", t, ct, ("id", scriptId));
            foreach (string cron in crons.Distinct(StringComparer.Ordinal))
                await c.ExecuteAsync("INSERT INTO cron_triggers (script_id, cron, created_on, modified_on) VALUES (@id, @cron, @created, @now)", t, ct,
                    ("id", scriptId), ("cron", cron),
                    ("created", kept.TryGetValue(cron, out var old) ? old.CreatedOn.ToUnixTimeMilliseconds() : now), ("now", now));
            return await ReadAsync(c, scriptId, t, ct);
        }, ct);
    }

    public async Task<IReadOnlyList<ScheduledScript>> ListAllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(
            "SELECT s.account_id, n.name, s.name, t.cron FROM cron_triggers t JOIN scripts s ON s.id = t.script_id " +
            "LEFT JOIN dispatch_namespaces n ON n.id = s.namespace_id ORDER BY s.account_id, n.name NULLS FIRST, s.name, t.cron",
            r => new ScheduledScript(r.GetString(0), r.GetNullableString(1), r.GetString(2), r.GetString(3)), null, ct);
    }

    public async Task<bool> TryClaimAsync(ScheduledScript schedule, long minute, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("INSERT INTO cron_runs (run_key, minute) VALUES (@key, @minute) ON CONFLICT DO NOTHING", null, ct,
            ("key", schedule.RunKey(minute)), ("minute", minute)) == 1;
    }

    public async Task ForgetClaimsBeforeAsync(long minute, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM cron_runs WHERE minute < @minute", null, ct, ("minute", minute));
    }

    private static async Task<IReadOnlyList<CronTrigger>> ReadAsync(NpgsqlConnection c, string scriptId, NpgsqlTransaction? t, CancellationToken ct) =>
        await c.QueryAsync("SELECT cron, created_on, modified_on FROM cron_triggers WHERE script_id = @id ORDER BY created_on, cron",
            r => new CronTrigger(r.GetString(0), r.GetTimestamp(1), r.GetTimestamp(2)), t, ct, ("id", scriptId));
}
