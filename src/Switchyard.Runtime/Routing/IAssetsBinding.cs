using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Routing;

/// <summary>
/// A version's static assets, answered by the edge, which owns the asset routing rules.
/// </summary>
public interface IAssetsBinding
{
    /// <summary><c>env.ASSETS.fetch(request)</c>: the asset server alone, never running the worker.</summary>
    Task<WorkerResponse> FetchAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct);

    /// <summary>
    /// A request addressed to the version as a whole (a dispatched one): answered from its assets exactly as the edge
    /// answers a direct request (assets first unless <c>run_worker_first</c>, asset-only versions included), or null when
    /// the worker should run.
    /// </summary>
    Task<WorkerResponse?> ServeAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct);
}
