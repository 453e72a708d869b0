using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Host;

/// <summary>
/// One invocation of a worker as host functions see it: who runs, its console output, its subrequest count and nesting
/// depth, where its <c>fetch()</c> calls go, and a limit failure recorded by a host function that the invocation must end with.
/// </summary>
internal sealed class RequestScope(WorkerRef worker, DeployedVersion version, int depth, int subrequestLimit, CancellationToken aborted)
{
    private int _subrequests;
    private readonly List<WorkerLogEntry> _logs = [];

    public WorkerRef Worker { get; } = worker;
    public DeployedVersion Version { get; } = version;
    public int Depth { get; } = depth;
    public CancellationToken Aborted { get; } = aborted;

    /// <summary>
    /// The scope of a worker's global code (its start-up), not of a request: as on Cloudflare, it may do no I/O, set no
    /// timer and generate no random values, so nothing it awaits can settle later.
    /// </summary>
    public bool IsGlobalScope { get; init; }

    /// <summary>The text Cloudflare's runtime throws for I/O, timers and random values in global scope.</summary>
    public const string GlobalScopeMessage = "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or "
        + "connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this "
        + "error, perform this operation within a handler. https://developers.cloudflare.com/workers/runtime-apis/handlers/";

    /// <summary>Throws <see cref="GlobalScopeMessage"/> in global scope: for host functions that do I/O or need entropy.</summary>
    public RequestScope InHandler() => IsGlobalScope ? throw new InvalidOperationException(GlobalScopeMessage) : this;

    /// <summary>The dispatcher's outbound worker that receives this invocation's <c>fetch()</c> calls; null: the network.</summary>
    public OutboundRoute? Outbound { get; init; }

    /// <summary>Set when a limit was hit inside a host call; the invocation fails with it even if the worker caught the error.</summary>
    public WorkerException? Failure { get; private set; }

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

    /// <summary>Counts one outbound fetch; false (and the invocation marked failed) past the limit.</summary>
    public bool TryCountSubrequest()
    {
        if (Interlocked.Increment(ref _subrequests) <= subrequestLimit) return true;
        Fail(new WorkerException(WorkerFailure.SubrequestLimit, "Too many subrequests."));
        return false;
    }

    public void Fail(WorkerException failure) => Failure ??= failure;
}

/// <summary>
/// A dispatched user worker's subrequests go to the outbound worker <see cref="Service"/> (an account-level script of
/// <see cref="AccountId"/>, looked up at each call) with <see cref="ParamsJson"/> (the declared params the dispatcher
/// passed, a JSON object) laid over its env for that request.
/// </summary>
internal sealed record OutboundRoute(string AccountId, string Service, string ParamsJson);
