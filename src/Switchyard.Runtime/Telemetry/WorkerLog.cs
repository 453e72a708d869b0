using Microsoft.Extensions.Logging;

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

/// <summary>Receives worker console output (register several: each gets every entry).</summary>
public interface IWorkerLogSink
{
    void Write(WorkerLogEntry entry);
}

/// <summary>
/// Writes worker console output to the host's log under category <c>Switchyard.Worker</c>, naming the worker in full
/// (one script name can exist in several namespaces) and the request; in JSON log format each is its own field.
/// </summary>
public sealed class LoggerWorkerLogSink(ILoggerFactory loggers) : IWorkerLogSink
{
    private readonly ILogger _logger = loggers.CreateLogger("Switchyard.Worker");

    public void Write(WorkerLogEntry entry)
    {
        LogLevel level = entry.Level switch
        {
            "error" => LogLevel.Error,
            "warn" => LogLevel.Warning,
            "debug" => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        if (!_logger.IsEnabled(level)) return;
        // account/namespace/script reads as a path ("-" for an account-level script's namespace).
        _logger.Log(level, "[{Account}/{Namespace}/{Script} version {Version} ray {RayId}] {Message}",
            entry.AccountId, entry.Namespace ?? "-", entry.ScriptName, entry.VersionId, entry.RayId ?? "-", entry.Message);
    }
}
