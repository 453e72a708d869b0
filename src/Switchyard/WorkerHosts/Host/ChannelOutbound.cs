using Switchyard.Runtime.Outbound;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's network: it has none (its sandbox refuses sockets), so a worker's <c>fetch()</c> is made by the
/// server, under the server's address rules (no loopback, no private ranges, no public IP literals), and the response
/// body streams back.
/// </summary>
internal sealed class ChannelOutbound(HostChannel channel) : IOutboundFetcher
{
    public async Task<OutboundResponse> FetchAsync(WorkerRef caller, OutboundRequest request, CancellationToken ct)
    {
        var head = new FetchHead(caller, request.Method, request.Url, request.Headers, request.Redirect, request.Body is not null);
        var (replyHead, call) = await PlainCall.SendAsync(channel, HostMethods.Fetch, WireJson.Write(head), request.Body, ct).ConfigureAwait(false);
        FetchReply reply = WireJson.Read<FetchReply>(replyHead);
        return new OutboundResponse(reply.Status, reply.StatusText, reply.Headers, reply.Url, reply.Redirected, new CallResponseStream(call));
    }

    public Task<OutboundResponse> ConnectWebSocketAsync(WorkerRef caller, OutboundRequest request, CancellationToken ct) =>
        throw new InvalidOperationException("WebSockets do not cross worker host processes yet (serve --worker-hosts 0 runs them).");
}
