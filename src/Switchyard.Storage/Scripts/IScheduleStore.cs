namespace Switchyard.Storage.Scripts;

/// <summary>
/// Cron Triggers of scripts (account-level and namespace scripts alike), keyed by the script's id; they go with the
/// script when it is deleted. Asynchronous: on a shared database every call is a network round trip.
/// </summary>
public interface IScheduleStore
{
    Task<IReadOnlyList<CronTrigger>> GetAsync(string scriptId, CancellationToken ct = default);

    /// <summary>Replaces the script's schedules with <paramref name="crons"/> (those already there keep their creation time).</summary>
    Task<IReadOnlyList<CronTrigger>> ReplaceAsync(string scriptId, IReadOnlyList<string> crons, CancellationToken ct = default);

    /// <summary>Every schedule of every script, for the scheduler.</summary>
    Task<IReadOnlyList<ScheduledScript>> ListAllAsync(CancellationToken ct = default);

    /// <summary>
    /// Claims the firing of <paramref name="schedule"/> planned for <paramref name="minute"/> (ms since the epoch): true
    /// for exactly one caller, so that when several nodes share the store each firing runs on one of them.
    /// </summary>
    Task<bool> TryClaimAsync(ScheduledScript schedule, long minute, CancellationToken ct = default);

    /// <summary>Forgets the claims of firings planned before <paramref name="minute"/>.</summary>
    Task ForgetClaimsBeforeAsync(long minute, CancellationToken ct = default);
}
