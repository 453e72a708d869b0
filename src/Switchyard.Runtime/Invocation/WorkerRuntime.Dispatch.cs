using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

// Calls between workers (service bindings, Workers for Platforms dispatch and outbound workers, RPC): resolved by
// BindingTargets and run one level deeper, here or, in a worker host, by the server (BindingCalls).
public sealed partial class WorkerRuntime
{
    /// <summary>Where binding calls are resolved and run: null, in this runtime; in a worker host, the server.</summary>
    public IBindingCalls? BindingCalls { get; init; }

    public const string WorkerNotFoundMessage = BindingTargets.WorkerNotFoundMessage;

    /// <summary><c>env.SERVICE.fetch()</c>, or with <paramref name="method"/> a JS RPC call <c>env.SERVICE.method(...args)</c>.</summary>
    internal Task<WorkerResponse> FetchServiceAsync(RequestScope caller, string bindingName, WorkerRequest request,
        string? method = null, string? arguments = null) =>
        CallAsync(caller, new BindingCall(BindingCallKind.Service, bindingName, caller.Depth, caller.RayId)
            {
                Method = method,
                Arguments = arguments,
                Ticket = caller.Ticket,
            },
            request, caller.Aborted);

    /// <summary>
    /// <c>env.DISPATCHER.get(script, args, options).fetch()</c> (or an RPC <paramref name="method"/>): throws "Worker not
    /// found." for an unknown script, and <see cref="WorkerException"/> when the user worker threw or overran a limit.
    /// </summary>
    internal Task<WorkerResponse> FetchDispatchAsync(RequestScope caller, string bindingName, DispatchTarget target, WorkerRequest request,
        string? method = null, string? arguments = null) =>
        CallAsync(caller, new BindingCall(BindingCallKind.Dispatch, bindingName, caller.Depth, caller.RayId)
        {
            Target = target,
            Method = method,
            Arguments = arguments,
            Ticket = caller.Ticket,
        }, request, caller.Aborted);

    /// <summary>A dispatched user worker's <c>fetch()</c>: the dispatcher's outbound worker answers it, one level deeper.</summary>
    internal Task<WorkerResponse> FetchOutboundAsync(RequestScope caller, OutboundRoute route, WorkerRequest request, CancellationToken ct) =>
        CallAsync(caller, new BindingCall(BindingCallKind.Outbound, "outbound", caller.Depth, caller.RayId)
        {
            Outbound = route,
            Ticket = caller.Ticket,
        }, request, ct);

    /// <summary>Runs a binding call in this runtime (the in-process <see cref="IBindingCalls"/>).</summary>
    public async Task<WorkerResponse> CallAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request,
        CancellationToken ct)
    {
        NestedTarget target = await Targets.ResolveAsync(caller, callerVersion, call, request, ct).ConfigureAwait(false);
        return target.Served ?? await FetchAsync(target.Worker, target.Version, request, target.Settings, ct).ConfigureAwait(false);
    }

    /// <summary>How this runtime's binding calls are resolved (its directory, assets and limits).</summary>
    public BindingTargets Targets { get; }

    private async Task<WorkerResponse> CallAsync(RequestScope caller, BindingCall call, WorkerRequest request, CancellationToken ct)
    {
        try
        {
            // One edge request, one ray: the nested invocation's logs and trace carry its caller's.
            return await (BindingCalls ?? (IBindingCalls)this).CallAsync(caller.Worker, caller.Version, call, request, ct).ConfigureAwait(false);
        }
        catch (WorkerException e) when (e.Failure == WorkerFailure.LoopLimit)
        {
            caller.Limits.Fail(e);  // a loop fails every level, up to the edge's 1019 page
            throw;
        }
    }
}
