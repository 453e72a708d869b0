using System.Net;
using System.Net.WebSockets;
using Switchyard.Runtime.WebSockets;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Outbound;

// fetch() with "Upgrade: websocket": the handshake made by .NET's ClientWebSocket over the guarded connect step, so an
// outbound WebSocket obeys the same address rules as any subrequest.
public sealed partial class HttpOutboundFetcher
{
    public async Task<OutboundResponse> ConnectWebSocketAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct)
    {
        var url = new Uri(request.Url);
        if (IsDirectPublicIp(url)) return DirectIpAccessResponse(url, redirected: false);
        var target = new UriBuilder(url) { Scheme = url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Port = url.Port }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.HttpVersion = HttpVersion.Version11;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("sec-websocket-protocol", StringComparison.OrdinalIgnoreCase))
            {
                foreach (string protocol in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    socket.Options.AddSubProtocol(protocol);
            }
            // Hop-by-hop headers are the connection's, as for any fetch; the other Sec-WebSocket-* ones the handshake makes.
            else if (!HopHeaders.Contains(name) && !name.StartsWith("sec-websocket-", StringComparison.OrdinalIgnoreCase))
            {
                try { socket.Options.SetRequestHeader(name, value); }
                catch (ArgumentException) { }  // a value .NET will not send; the handshake goes without it
            }
        }
        try
        {
            await socket.ConnectAsync(target, _webSockets, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            var status = socket.HttpStatusCode;
            var headers = Headers(socket.HttpResponseHeaders);
            socket.Dispose();
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is OutboundRefusedException refused) throw refused;
            // The server answered without accepting: the worker sees its status and headers (the body is not kept).
            if (status is not 0 and not HttpStatusCode.SwitchingProtocols)
                return new OutboundResponse((int)status, "", headers, url.AbsoluteUri, Redirected: false, Body: null);
            throw;
        }
        return new OutboundResponse(101, "Switching Protocols", Headers(socket.HttpResponseHeaders), url.AbsoluteUri, Redirected: false, Body: null)
        {
            WebSocket = new NetworkWebSocketEnd(socket),
        };
    }

    private static List<KeyValuePair<string, string>> Headers(IReadOnlyDictionary<string, IEnumerable<string>>? received)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in received ?? new Dictionary<string, IEnumerable<string>>())
            headers.Add(KeyValuePair.Create(name.ToLowerInvariant(), string.Join(", ", values)));
        return headers;
    }
}
