using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// Where a runtime records its invocations, cold starts and evictions: its own <see cref="WorkerMetrics"/>, or in a worker
/// host the server's (the host's records are sent over in batches and counted where <c>/metrics</c> is served).
/// </summary>
public interface IInvocationMetrics
{
    /// <summary>
    /// One finished invocation: the only record per invocation. <paramref name="ticket"/> is its
    /// <see cref="InvocationSettings.Ticket"/>, handed back with the record: in a worker host, the server's sign that the
    /// invocation is over and may make no more calls.
    /// </summary>
    void Invoked(WorkerRef worker, WorkerFailure? failure, TimeSpan cpu, TimeSpan wall, int subrequests, int kvOperations, long? ticket);
    void ColdStart(WorkerRef worker);
    void Evicted(WorkerRef worker);
}
