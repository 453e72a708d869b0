using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>A worker host's <c>env.ASSETS</c>: the server's asset router answers for the calling version.</summary>
internal sealed class ChannelAssets(HostChannel channel) : IAssetsBinding
{
    public Task<WorkerResponse> FetchAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        InvocationWire.CallAsync(channel, HostMethods.Assets, WireJson.Write(new AssetsHead(version.Version.Id, WireRequest.Of(request))), request.Body, ct);

    /// <summary>Serving a dispatched script's assets is part of resolving a binding call, which the server does.</summary>
    public Task<WorkerResponse?> ServeAsync(DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        throw new InvalidOperationException("A worker host resolves no binding calls.");
}
