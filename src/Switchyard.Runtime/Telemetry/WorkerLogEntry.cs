namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// One <c>console.*</c> call (or uncaught error) of a worker: who logged it (account, dispatch namespace or null,
/// script, version), the edge request it served (<see cref="RayId"/>), and the formatted line. When the invocation is
/// traced, <see cref="ArgumentsJson"/> holds the call's arguments as a JSON array (a tail shows values, not text).
/// </summary>
public sealed record WorkerLogEntry(string AccountId, string? Namespace, string ScriptName, string VersionId, string? RayId,
    string Level, string Message, DateTimeOffset Time)
{
    public string? ArgumentsJson { get; init; }
}
