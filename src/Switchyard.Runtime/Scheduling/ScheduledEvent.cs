namespace Switchyard.Runtime.Scheduling;

/// <summary>One firing of a Cron Trigger: the expression as configured and the planned time (ms since the epoch, UTC).</summary>
public sealed record ScheduledEvent(string Cron, long ScheduledTime)
{
    /// <summary>The request a scheduled run is recorded as in logs and metrics (it has none of its own).</summary>
    internal Invocation.WorkerRequest AsRequest() => new("SCHEDULED", $"cron:{Cron}", [], null);

    /// <summary>What <c>invoke()</c> in worker-support.js reads to run the scheduled handler instead of fetch.</summary>
    internal string ToJson() => System.Text.Json.JsonSerializer.Serialize(new { scheduled = new { cron = Cron, scheduledTime = ScheduledTime } });
}
