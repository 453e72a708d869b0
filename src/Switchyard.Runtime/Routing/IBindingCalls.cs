using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Routing;

/// <summary>
/// Runs a worker's call of another worker (<see cref="BindingCall"/>). In one process the <see cref="WorkerRuntime"/>
/// itself; in a worker host, the server, which resolves the binding against its own copy of the caller's version (a host
/// cannot name a target its tenant has no binding to) and routes the call to the target tenant's host.
/// </summary>
public interface IBindingCalls
{
    /// <summary>Throws <see cref="WorkerException"/> when the target threw or overran a limit, and
    /// <see cref="InvalidOperationException"/> (its message for the caller) when there is no such target.</summary>
    Task<WorkerResponse> CallAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request, CancellationToken ct);
}
