namespace Switchyard.Storage.Scripts;

/// <summary>One schedule of a script's Cron Triggers: the expression as given, and when it was set.</summary>
public sealed record CronTrigger(string Cron, DateTimeOffset CreatedOn, DateTimeOffset ModifiedOn);

/// <summary>A schedule with the script it belongs to, as the scheduler reads them all.</summary>
public sealed record ScheduledScript(string AccountId, string? NamespaceName, string ScriptName, string Cron);
