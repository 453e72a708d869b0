namespace Switchyard.Storage.Scripts;

/// <summary>One schedule of a script's Cron Triggers: the expression as given, and when it was set.</summary>
public sealed record CronTrigger(string Cron, DateTimeOffset CreatedOn, DateTimeOffset ModifiedOn);

/// <summary>A schedule with the script it belongs to, as the scheduler reads them all.</summary>
public sealed record ScheduledScript(string AccountId, string? NamespaceName, string ScriptName, string Cron)
{
    /// <summary>The key of one firing of this schedule (a line break cannot occur in an id, a name or a stored cron
    /// expression; NUL would do too, but PostgreSQL's text cannot hold it).</summary>
    public string RunKey(long minute) => $"{AccountId}\n{NamespaceName}\n{ScriptName}\n{Cron}\n{minute}";
}
