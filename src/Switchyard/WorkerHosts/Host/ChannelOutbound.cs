using Switchyard.Runtime.Outbound;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's network: it has none (its sandbox refuses sockets), so a worker's <c>fetch()</c> is made by the
/// server, under the server's address rules (no loopback, no private ranges, no public IP literals), and the response
/// body streams back; a WebSocket it opens is relayed by the server (<see cref="WebSocketHandoffs"/>).
/// </summary>
internal sealed class ChannelOutbound(HostChannel channel) : IOutboundFetcher
{
    public Task<OutboundResponse> FetchAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct) =>
        SendAsync(caller, request, webSocket: false, ct);

    public Task<OutboundResponse> ConnectWebSocketAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct) =>
        SendAsync(caller, request, webSocket: true, ct);

    private async Task<OutboundResponse> SendAsync(OutboundCaller caller, OutboundRequest request, bool webSocket, CancellationToken ct)
    {
        var head = new FetchHead(caller.Worker, request.Method, request.Url, request.Headers, request.Redirect, request.Body is not null, webSocket)
        {
            Ticket = caller.Ticket,
        };
        var (replyHead, call) = await PlainCall.SendAsync(channel, HostMethods.Fetch, WireJson.Write(head), request.Body, ct).ConfigureAwait(false);
        FetchReply reply = WireJson.Read<FetchReply>(replyHead);
        return new OutboundResponse(reply.Status, reply.StatusText, reply.Headers, reply.Url, reply.Redirected, new CallResponseStream(call))
        {
            WebSocket = reply.WebSocket is long id ? WebSocketHandoffs.Claim(channel, id) : null,
        };
    }
}
