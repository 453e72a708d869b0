using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// Runs a deployed worker version's fetch handler for one request. The edge calls it when a request is not answered by
/// static assets; service and dispatch bindings call it for worker-to-worker requests.
/// Throws <see cref="WorkerException"/> when the worker threw or exceeded a limit.
/// </summary>
public interface IWorkerInvoker
{
    Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, CancellationToken ct);
}
