using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Limits;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.JsApi;

/// <summary>
/// One invocation of a worker as host functions see it: who runs, its console output, its nesting depth, where its
/// <c>fetch()</c> calls go, and its limits (<see cref="LimitEnforcer"/>).
/// </summary>
internal sealed class RequestScope(WorkerRef worker, DeployedVersion version, int depth, LimitEnforcer limits)
{
    private readonly List<WorkerLogEntry> _logs = [];

    public WorkerRef Worker { get; } = worker;
    public DeployedVersion Version { get; } = version;
    public int Depth { get; } = depth;

    /// <summary>The invocation's limits: every host function doing work for it goes through them.</summary>
    public LimitEnforcer Limits { get; } = limits;

    /// <summary>Cancelled when the invocation's host work must stop (<see cref="LimitEnforcer.HostWork"/>).</summary>
    public CancellationToken Aborted => Limits.HostWork;

    /// <summary>The dispatcher's outbound worker that receives this invocation's <c>fetch()</c> calls; null: the network.</summary>
    public OutboundRoute? Outbound { get; init; }

    /// <summary>The edge request this invocation serves (nested invocations share their caller's); null outside a request.</summary>
    public string? RayId { get; init; }

    /// <summary>The invocation's ticket (<see cref="InvocationSettings.Ticket"/>), named in its subrequests and binding calls.</summary>
    public long? Ticket { get; init; }

    /// <summary>Who the invocation's <c>fetch()</c> and <c>connect()</c> calls are made by, for the network (or a worker host's server).</summary>
    public Outbound.OutboundCaller Caller => new(Worker, Ticket);

    private Outbound.OutboundSockets? _sockets;

    /// <summary>The invocation's <c>cloudflare:sockets</c> connections (made on first use).</summary>
    public Outbound.OutboundSockets Sockets => LazyInitializer.EnsureInitialized(ref _sockets);

    private WebSockets.WebSocketRegistry? _webSockets;

    /// <summary>The WebSockets the invocation's JavaScript reaches through the host (made on first use).</summary>
    public WebSockets.WebSocketRegistry WebSockets => LazyInitializer.EnsureInitialized(ref _webSockets);

    /// <summary>Closes the sockets and WebSockets the invocation left open: none outlives its request.</summary>
    public void CloseSockets()
    {
        _sockets?.Dispose();
        _webSockets?.Dispose();
    }

    /// <summary>What the invocation's trace event collects; null when no tail or invocation log wants this script.</summary>
    public InvocationTrace? Trace { get; init; }

    public IReadOnlyList<WorkerLogEntry> Logs
    {
        get { lock (_logs) return [.. _logs]; }
    }

    private int _taken;

    /// <summary>The console output logged since the previous call (the conformance suite reads its own output).</summary>
    public IReadOnlyList<WorkerLogEntry> TakeLogs()
    {
        lock (_logs)
        {
            var taken = _logs[_taken..];
            _taken = _logs.Count;
            return taken;
        }
    }

    public void AddLog(WorkerLogEntry entry)
    {
        lock (_logs) _logs.Add(entry);
    }

    /// <summary>Gives the latest console entry its arguments as JSON (sent by the runtime only while traced).</summary>
    public void AttachArguments(string json)
    {
        lock (_logs)
            if (_logs.Count > 0) _logs[^1] = _logs[^1] with { ArgumentsJson = json };
    }
}
