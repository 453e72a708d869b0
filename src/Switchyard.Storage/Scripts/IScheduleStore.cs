namespace Switchyard.Storage.Scripts;

/// <summary>
/// Cron Triggers of scripts (account-level and namespace scripts alike), keyed by the script's id; they go with the
/// script when it is deleted.
/// </summary>
public interface IScheduleStore
{
    IReadOnlyList<CronTrigger> Get(string scriptId);

    /// <summary>Replaces the script's schedules with <paramref name="crons"/> (those already there keep their creation time).</summary>
    IReadOnlyList<CronTrigger> Replace(string scriptId, IReadOnlyList<string> crons);

    /// <summary>Every schedule of every script, for the scheduler.</summary>
    IReadOnlyList<ScheduledScript> ListAll();

    /// <summary>
    /// Claims the firing of <paramref name="schedule"/> planned for <paramref name="minute"/> (ms since the epoch): true
    /// for exactly one caller, so that when several nodes share the store each firing runs on one of them.
    /// </summary>
    bool TryClaim(ScheduledScript schedule, long minute);

    /// <summary>Forgets the claims of firings planned before <paramref name="minute"/>.</summary>
    void ForgetClaimsBefore(long minute);
}
