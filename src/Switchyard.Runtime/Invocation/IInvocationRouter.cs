using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// Where an invocation with its <see cref="InvocationSettings"/> runs. In one process, the <see cref="WorkerRuntime"/>
/// itself. With worker host processes the server routes each to the host of its target's tenant, and a host's runtime
/// sends its nested invocations (service bindings, dispatch, outbound workers, RPC) and the server's Cron Triggers
/// through it, so a call between tenants always crosses the server.
/// </summary>
public interface IInvocationRouter
{
    /// <summary>Throws <see cref="WorkerException"/> when the worker threw or exceeded a limit.</summary>
    Task<WorkerResponse> InvokeAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, InvocationSettings settings,
        CancellationToken ct);
}
