using Microsoft.Extensions.Logging;

namespace Switchyard.Runtime.Invocation;

/// <summary>One <c>console.*</c> call (or uncaught error) of a worker.</summary>
public sealed record WorkerLogEntry(string ScriptName, string VersionId, string Level, string Message, DateTimeOffset Time);

/// <summary>Receives worker console output (register several: each gets every entry).</summary>
public interface IWorkerLogSink
{
    void Write(WorkerLogEntry entry);
}

/// <summary>Writes worker console output to the host's log under category <c>Switchyard.Worker</c>, tagged with the script name.</summary>
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
        _logger.Log(level, "[{Script}] {Message}", entry.ScriptName, entry.Message);
    }
}
