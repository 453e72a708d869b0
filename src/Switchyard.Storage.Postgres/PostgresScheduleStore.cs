using Npgsql;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresScheduleStore(PostgresDatabase db, TimeProvider clock) : IScheduleStore
{
    public IReadOnlyList<CronTrigger> Get(string scriptId)
    {
        using var c = db.Open();
        return Read(c, scriptId);
    }

    public IReadOnlyList<CronTrigger> Replace(string scriptId, IReadOnlyList<string> crons)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return db.InTransaction((c, t) =>
        {
            // FOR UPDATE: two replacements of one script's schedules take turns, as under SQLite's single writer.
            c.Execute("SELECT 1 FROM scripts WHERE id = @id FOR UPDATE", t, ("id", scriptId));
            var kept = Read(c, scriptId, t).ToDictionary(s => s.Cron, StringComparer.Ordinal);
            c.Execute("DELETE FROM cron_triggers WHERE script_id = @id", t, ("id", scriptId));
            foreach (string cron in crons.Distinct(StringComparer.Ordinal))
                c.Execute("INSERT INTO cron_triggers (script_id, cron, created_on, modified_on) VALUES (@id, @cron, @created, @now)", t,
                    ("id", scriptId), ("cron", cron),
                    ("created", kept.TryGetValue(cron, out var old) ? old.CreatedOn.ToUnixTimeMilliseconds() : now), ("now", now));
            return Read(c, scriptId, t);
        });
    }

    public IReadOnlyList<ScheduledScript> ListAll()
    {
        using var c = db.Open();
        return c.Query(
            "SELECT s.account_id, n.name, s.name, t.cron FROM cron_triggers t JOIN scripts s ON s.id = t.script_id " +
            "LEFT JOIN dispatch_namespaces n ON n.id = s.namespace_id ORDER BY s.account_id, n.name NULLS FIRST, s.name, t.cron",
            r => new ScheduledScript(r.GetString(0), r.GetNullableString(1), r.GetString(2), r.GetString(3)));
    }

    public bool TryClaim(ScheduledScript schedule, long minute)
    {
        using var c = db.Open();
        return c.Execute("INSERT INTO cron_runs (run_key, minute) VALUES (@key, @minute) ON CONFLICT DO NOTHING", null,
            ("key", schedule.RunKey(minute)), ("minute", minute)) == 1;
    }

    public void ForgetClaimsBefore(long minute)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM cron_runs WHERE minute < @minute", null, ("minute", minute));
    }

    private static List<CronTrigger> Read(NpgsqlConnection c, string scriptId, NpgsqlTransaction? t = null) =>
        c.Query("SELECT cron, created_on, modified_on FROM cron_triggers WHERE script_id = @id ORDER BY created_on, cron",
            r => new CronTrigger(r.GetString(0), r.GetTimestamp(1), r.GetTimestamp(2)), t, ("id", scriptId));
}
