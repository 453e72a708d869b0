using Microsoft.Extensions.Logging;
using Switchyard.Observability.Tracing;

namespace Switchyard.Observability.Logs;

/// <summary>
/// One log line per ended invocation (category <c>Switchyard.Invocations</c>): account, namespace, script, version,
/// ray id, outcome, status, CPU and wall time, method and URL (redacted as traces are). With the JSON console format
/// (<c>serve --log-format json</c>) each is its own field of the line's <c>State</c>. As a trace sink it wants every
/// script, so every invocation builds its trace event: registered only when JSON logs are asked for.
/// </summary>
public sealed class InvocationLogSink(ILoggerFactory loggers) : ITraceSink
{
    public const string Category = "Switchyard.Invocations";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public bool Wants(TraceTarget target) => _logger.IsEnabled(LogLevel.Information);

    public void Publish(TraceEvent trace)
    {
        LogLevel level = trace.Outcome == "ok" ? LogLevel.Information : LogLevel.Warning;
        _logger.Log(level,
            "{Method} {Url} {Status} {Outcome}: {Script} (namespace {Namespace}, account {Account}, version {Version}, ray {RayId}), "
            + "CPU {CpuMs} ms, wall {WallMs} ms, {LogCount} console lines, {ExceptionCount} exceptions",
            trace.Request?.Method ?? "-", trace.Request is { } r ? TraceRedaction.Url(r.Url) : "-", trace.ResponseStatus, trace.Outcome,
            trace.Target.Script, trace.Target.Namespace ?? "-", trace.Target.AccountId, trace.VersionId, trace.RayId ?? "-",
            Math.Round(trace.CpuMs, 2), Math.Round(trace.WallMs, 2), trace.Logs.Count, trace.Exceptions.Count);
    }
}
