using Switchyard.Runtime.Routing;
namespace Switchyard.Runtime.Invocation;

/// <summary>
/// How one invocation runs beyond its version's own settings: its nesting depth and, for dispatched and outbound
/// invocations, the CPU and subrequest limits (null: the version's and the runtime's), the outbound route of its
/// <c>fetch()</c> calls, and a JSON object laid over its env for this request only.
/// </summary>
public sealed record InvocationSettings(int Depth)
{
    public TimeSpan? CpuLimit { get; init; }
    public int? SubrequestLimit { get; init; }
    public OutboundRoute? Outbound { get; init; }
    public string? EnvOverlayJson { get; init; }
    /// <summary>The edge request a nested invocation serves (its caller's); null: the request's own.</summary>
    public string? RayId { get; init; }
    /// <summary>A JS RPC call, or a fetch through a named entrypoint or with props; null: a plain fetch of the default export.</summary>
    public RpcCall? Rpc { get; init; }
    /// <summary>
    /// Whether a trace of this invocation is built for the trace sinks (tails, the invocation log): decided by whoever
    /// routed it when that is the server of a worker host, whose sinks the host cannot ask; null: the runtime's own sinks decide.
    /// </summary>
    public bool? Traced { get; init; }
    /// <summary>
    /// The ticket the server of a worker host issued for this invocation (<c>HostTickets</c>): the host names it in every
    /// subrequest and binding call the invocation makes, and hands it back when the invocation is over, so the server
    /// counts each invocation's subrequests and knows its true depth. Null in one process.
    /// </summary>
    public long? Ticket { get; init; }
    /// <summary>A Cron Trigger's run: the scheduled handler instead of fetch.</summary>
    public Scheduling.ScheduledEvent? Scheduled { get; init; }
    /// <summary>A delivery of trace events to a tail worker: the tail handler instead of fetch.</summary>
    public Telemetry.TailCall? Tail { get; init; }
}
