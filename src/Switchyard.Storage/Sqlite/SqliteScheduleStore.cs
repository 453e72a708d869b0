using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteScheduleStore(SqliteDatabase db, TimeProvider clock) : IScheduleStore
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<IReadOnlyList<CronTrigger>> GetAsync(string scriptId, CancellationToken ct = default) => CompletedTasks.Run(() => Get(scriptId));
    public Task<IReadOnlyList<CronTrigger>> ReplaceAsync(string scriptId, IReadOnlyList<string> crons, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Replace(scriptId, crons));
    public Task<IReadOnlyList<ScheduledScript>> ListAllAsync(CancellationToken ct = default) => CompletedTasks.Run(ListAll);
    public Task<bool> TryClaimAsync(ScheduledScript schedule, long minute, CancellationToken ct = default) => CompletedTasks.Run(() => TryClaim(schedule, minute));
    public Task ForgetClaimsBeforeAsync(long minute, CancellationToken ct = default) => CompletedTasks.Run(() => ForgetClaimsBefore(minute));

    private IReadOnlyList<CronTrigger> Get(string scriptId)
    {
        using var c = db.Open();
        return Read(c, scriptId);
    }

    private IReadOnlyList<CronTrigger> Replace(string scriptId, IReadOnlyList<string> crons)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return db.InTransaction((c, t) =>
        {
            var kept = Read(c, scriptId, t).ToDictionary(s => s.Cron, StringComparer.Ordinal);
            c.Execute("DELETE FROM cron_triggers WHERE script_id = $id", t, ("$id", scriptId));
            foreach (string cron in crons.Distinct(StringComparer.Ordinal))
                c.Execute("INSERT INTO cron_triggers (script_id, cron, created_on, modified_on) VALUES ($id, $cron, $created, $now)", t,
                    ("$id", scriptId), ("$cron", cron),
                    ("$created", kept.TryGetValue(cron, out var old) ? old.CreatedOn.ToUnixTimeMilliseconds() : now), ("$now", now));
            return Read(c, scriptId, t);
        });
    }

    private IReadOnlyList<ScheduledScript> ListAll()
    {
        using var c = db.Open();
        return c.Query(
            "SELECT s.account_id, n.name, s.name, t.cron FROM cron_triggers t JOIN scripts s ON s.id = t.script_id " +
            "LEFT JOIN dispatch_namespaces n ON n.id = s.namespace_id ORDER BY s.account_id, n.name, s.name, t.cron",
            r => new ScheduledScript(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3)), null);
    }

    private bool TryClaim(ScheduledScript schedule, long minute)
    {
        using var c = db.Open();
        return c.Execute("INSERT INTO cron_runs (run_key, minute) VALUES ($key, $minute) ON CONFLICT DO NOTHING", null,
            ("$key", schedule.RunKey(minute)), ("$minute", minute)) == 1;
    }

    private void ForgetClaimsBefore(long minute)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM cron_runs WHERE minute < $minute", null, ("$minute", minute));
    }

    private static IReadOnlyList<CronTrigger> Read(Microsoft.Data.Sqlite.SqliteConnection c, string scriptId,
        Microsoft.Data.Sqlite.SqliteTransaction? t = null) =>
        c.Query("SELECT cron, created_on, modified_on FROM cron_triggers WHERE script_id = $id ORDER BY created_on, cron",
            r => new CronTrigger(r.GetString(0), r.GetTimestamp(1), r.GetTimestamp(2)), t, ("$id", scriptId));
}
