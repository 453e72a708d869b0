using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// <c>env.ASSETS.fetch(request)</c>: answers a request from a version's static assets only (never running the worker).
/// Implemented by the edge, which owns the asset routing rules.
/// </summary>
public interface IAssetsBinding
{
    Task<WorkerResponse> FetchAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct);
}
