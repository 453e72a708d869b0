using System.Collections.Concurrent;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Scheduling;

/// <summary>
/// Runs Cron Triggers: at the start of each UTC minute it reads every script's schedules and starts the
/// <c>scheduled()</c> handler of each script whose expression matches that minute, with the planned time as
/// <c>controller.scheduledTime</c>, under the script's limits. A minute the process slept through late is still run;
/// minutes it was not running for are not made up (nor are they on Cloudflare). Runs are independent: a slow or failing
/// one delays nothing else. Every node runs a scheduler; each firing is claimed in the store first
/// (<see cref="IScheduleStore.TryClaim"/>), so with several nodes on one database it runs on exactly one of them.
/// </summary>
public sealed class CronScheduler(IInvocationRouter runtime, IScheduleStore schedules, IWorkerDirectory directory, ILogger<CronScheduler> logger,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, CronExpression?> _parsed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        DateTimeOffset minute = Minute(_time.GetUtcNow());
        while (!stopping.IsCancellationRequested)
        {
            minute = minute.AddMinutes(1);
            TimeSpan wait = minute - _time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await FireAsync(minute, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Cron Triggers of {Minute:u} could not be read", minute);
            }
            // Behind by more than a minute (a suspended process): skip to the current one rather than replay the gap.
            if (_time.GetUtcNow() - minute > TimeSpan.FromMinutes(1)) minute = Minute(_time.GetUtcNow());
        }
    }

    private async Task FireAsync(DateTimeOffset minute, CancellationToken stopping)
    {
        long planned = minute.ToUnixTimeMilliseconds();
        foreach (ScheduledScript schedule in await schedules.ListAllAsync(stopping).ConfigureAwait(false))
        {
            CronExpression? expression = _parsed.GetOrAdd(schedule.Cron, Parse);
            if (expression?.GetNextOccurrence(minute.UtcDateTime.AddTicks(-1), TimeZoneInfo.Utc) != minute.UtcDateTime) continue;
            if (!await schedules.TryClaimAsync(schedule, planned, stopping).ConfigureAwait(false)) continue;  // another node runs this one
            _ = RunAsync(schedule, new ScheduledEvent(schedule.Cron, planned), stopping);
        }
        await schedules.ForgetClaimsBeforeAsync(planned - (long)TimeSpan.FromDays(1).TotalMilliseconds, stopping).ConfigureAwait(false);
    }

    private async Task RunAsync(ScheduledScript schedule, ScheduledEvent scheduled, CancellationToken stopping)
    {
        try
        {
            WorkerRef? worker = schedule.NamespaceName is { } ns
                ? directory.FindNamespaceScript(schedule.AccountId, ns, schedule.ScriptName)
                : directory.FindAccountScript(schedule.AccountId, schedule.ScriptName);
            if (worker is null) return;  // deleted since the schedules were read
            DeployedVersion? version = await directory.LoadAsync(VersionRouting.Choose(worker, _ => null), stopping).ConfigureAwait(false);
            if (version is null) return;
            // Its own top-level invocation: its own ray id, the version's limits, the scheduled handler instead of fetch.
            WorkerRequest request = scheduled.AsRequest() with { RayId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) };
            WorkerResponse response = await runtime.InvokeAsync(worker, version, request, new InvocationSettings(Depth: 0) { Scheduled = scheduled }, stopping)
                .ConfigureAwait(false);
            if (response.Body is not null) await response.Body.DisposeAsync().ConfigureAwait(false);
        }
        catch (WorkerException)
        {
            // The runtime has logged the exception or limit, with the worker it came from.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Cron Trigger '{Cron}' of worker {Script} could not run", schedule.Cron, schedule.ScriptName);
        }
    }

    private CronExpression? Parse(string cron)
    {
        try
        {
            return CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            logger.LogWarning("Cron Trigger '{Cron}' cannot be read and never fires: {Problem}", cron, e.Message);
            return null;
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
