namespace Switchyard.Observability.Tracing;

/// <summary>
/// One ended invocation as tails and invocation logs see it (the fields of Cloudflare's trace events, written by
/// <see cref="TraceEventJson"/>).
/// </summary>
/// <param name="Outcome">ok, exception, exceededCpu, exceededMemory, canceled or unknown (wrangler's names).</param>
/// <param name="RayId">The edge request this invocation served, shared by every nested invocation it caused.</param>
/// <param name="Request">The fetch event's request; null for events that are not fetches.</param>
/// <param name="ResponseStatus">The status the worker answered with; null when it answered none.</param>
/// <param name="Truncated">Whether console output was dropped because the invocation logged more than a trace holds.</param>
public sealed record TraceEvent(
    TraceTarget Target,
    string VersionId,
    string? RayId,
    string Outcome,
    DateTimeOffset Started,
    double CpuMs,
    double WallMs,
    TraceRequest? Request,
    int? ResponseStatus,
    IReadOnlyList<TraceLog> Logs,
    IReadOnlyList<TraceException> Exceptions,
    bool Truncated = false)
{
    /// <summary>The JS RPC method this invocation ran (the event is then no fetch: <see cref="Request"/> is null).</summary>
    public string? RpcMethod { get; init; }

    /// <summary>The Cron Trigger that ran (the event is then no fetch), and its planned time in ms since the epoch.</summary>
    public string? Cron { get; init; }
    public long? ScheduledTime { get; init; }

    /// <summary>
    /// The account-level workers this event goes to as tail workers (the script's <c>tail_consumers</c>), set by whoever
    /// publishes it from the script's settings, never by the invocation itself.
    /// </summary>
    public IReadOnlyList<string> TailConsumers { get; init; } = [];

    /// <summary>
    /// For a tail worker's delivery (the event is then no fetch): the scripts whose events it consumed; null for any other
    /// invocation.
    /// </summary>
    public IReadOnlyList<string>? ConsumedScripts { get; init; }

    /// <summary>The named entrypoint (export) that ran; null: the default export.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>The most console output (UTF-16 characters of formatted text) one trace event carries.</summary>
    public const int MaxLogChars = 128 * 1024;

    /// <summary>The outcomes wrangler knows (tail filters accept only these).</summary>
    public static readonly IReadOnlySet<string> Outcomes =
        new HashSet<string>(["ok", "canceled", "exceededCpu", "exceededMemory", "exception", "unknown"], StringComparer.Ordinal);
}
