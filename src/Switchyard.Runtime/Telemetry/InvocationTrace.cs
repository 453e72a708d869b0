using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// What a traced invocation collects for its <see cref="TraceEvent"/> besides its console output (which its
/// <see cref="RequestScope"/> keeps anyway): the request, the status it answered, the exceptions it did not catch.
/// Made only when some <see cref="ITraceSink"/> wants the script, so an untraced invocation allocates none of it.
/// </summary>
internal sealed class InvocationTrace(TraceTarget target, WorkerRequest request, string? rayId)
{
    private readonly List<TraceException> _exceptions = [];

    public TraceTarget Target { get; } = target;
    public string? RayId { get; } = rayId;
    public int? Status { get; set; }
    public RequestScope? Scope { get; set; }
    public RpcCall? Rpc { get; init; }
    public Scheduling.ScheduledEvent? Scheduled { get; init; }
    public TailCall? Tail { get; init; }
    /// <summary>The script's tail workers (<see cref="TraceEvent.TailConsumers"/>).</summary>
    public IReadOnlyList<string> TailConsumers { get; init; } = [];

    public void AddException(string? stack, string? message)
    {
        lock (_exceptions) _exceptions.Add(TraceException.FromStack(stack, message, DateTimeOffset.UtcNow));
    }

    /// <summary>The event of the ended invocation; console output past <see cref="TraceEvent.MaxLogChars"/> is left out.</summary>
    public TraceEvent Build(DeployedVersion version, WorkerFailure? failure, DateTimeOffset started, TimeSpan cpu, TimeSpan wall)
    {
        var logs = new List<TraceLog>();
        bool truncated = false;
        int chars = 0;
        foreach (WorkerLogEntry entry in Scope?.Logs ?? [])
        {
            chars += entry.Message.Length + (entry.ArgumentsJson?.Length ?? 0);
            if (chars > TraceEvent.MaxLogChars)
            {
                truncated = true;
                break;
            }
            logs.Add(new TraceLog(entry.Level, entry.Message, entry.Time, entry.ArgumentsJson));
        }
        TraceException[] exceptions;
        lock (_exceptions) exceptions = [.. _exceptions];
        return new TraceEvent(Target, version.Version.Id, RayId, Outcome(failure), started, cpu.TotalMilliseconds, wall.TotalMilliseconds,
            Rpc?.Method is null && Scheduled is null && Tail is null ? new TraceRequest(request.Method, request.Url, request.Headers, request.CfJson) : null,
            Status, logs, exceptions, truncated)
        {
            RpcMethod = Rpc?.Method,
            Entrypoint = Rpc?.Entrypoint,
            Cron = Scheduled?.Cron,
            ScheduledTime = Scheduled?.ScheduledTime,
            ConsumedScripts = Tail?.ConsumedScripts,
            TailConsumers = TailConsumers,
        };
    }

    /// <summary>
    /// The outcome in the names wrangler knows: a subrequest or nesting limit reaches the worker as a thrown error, so
    /// it reads "exception" here (the metrics keep them apart).
    /// </summary>
    public static string Outcome(WorkerFailure? failure) => failure switch
    {
        null => "ok",
        WorkerFailure.CpuLimit => "exceededCpu",
        WorkerFailure.MemoryLimit => "exceededMemory",
        WorkerFailure.Canceled => "canceled",
        WorkerFailure.Exception or WorkerFailure.SubrequestLimit or WorkerFailure.LoopLimit => "exception",
        _ => "unknown",
    };
}
