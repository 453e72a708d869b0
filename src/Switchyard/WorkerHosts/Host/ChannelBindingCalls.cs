using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's calls between workers: the call (binding name, target, limits asked for) goes to the server, which
/// resolves it against its own copy of the caller's version and runs the target in its tenant's host.
/// </summary>
internal sealed class ChannelBindingCalls(HostChannel channel) : IBindingCalls
{
    public Task<WorkerResponse> CallAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request, CancellationToken ct) =>
        InvocationWire.CallAsync(channel, HostMethods.Binding,
            BinaryHeads.Write(new BindingHead(callerVersion.Version.Id, call, WireRequest.Of(request))), request.Body, ct);
}
