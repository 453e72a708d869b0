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
}
