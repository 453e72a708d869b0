using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// One invocation the server sent to a worker host, as the server knows it (<see cref="HostTickets"/>): which worker and
/// version run, at what nesting depth, and how many subrequests it may make and has made through the server.
/// </summary>
internal sealed class InvocationTicket(WorkerRef worker, string versionId, int depth, int subrequestLimit)
{
    private int _subrequests;

    public WorkerRef Worker { get; } = worker;
    public string VersionId { get; } = versionId;
    public int Depth { get; } = depth;
    public int SubrequestLimit { get; } = subrequestLimit;

    /// <summary>The subrequests counted so far (fetches, connections, calls through an outbound worker).</summary>
    public int Subrequests => Volatile.Read(ref _subrequests);

    /// <summary>Counts one subrequest; false past the limit (a host that kept to the limit stopped the invocation first).</summary>
    public bool TryCountSubrequest() => Interlocked.Increment(ref _subrequests) <= SubrequestLimit;

    /// <summary>Whether <paramref name="other"/> is this ticket's worker (the same script of the same account and namespace).</summary>
    public bool IsFor(WorkerRef other) =>
        other.AccountId == Worker.AccountId && other.NamespaceName == Worker.NamespaceName && other.ScriptName == Worker.ScriptName;
}
