using Microsoft.Extensions.Logging;

namespace Switchyard.Runtime.Telemetry;

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
