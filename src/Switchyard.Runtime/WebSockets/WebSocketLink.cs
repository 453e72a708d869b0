namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// Two <see cref="IWebSocketEnd"/>s joined in memory: what one sends, the other receives, in order. It is the host's
/// form of a <c>WebSocketPair</c> once one of its ends leaves the isolate: the worker keeps <see cref="Inner"/> (its
/// server end's messages go there) and the response carries <see cref="Outer"/> to the edge, a caller or a dispatcher.
/// </summary>
public sealed class WebSocketLink
{
    public WebSocketLink()
    {
        // Besides each queue's bound in bytes, what the edge relays from a client is bounded by the message size limit
        // and by the worker reading it (the bridge reads the client only as fast as it hands messages on).
        var innerToOuter = new WebSocketFrameQueue();
        var outerToInner = new WebSocketFrameQueue();
        Inner = new End(innerToOuter, outerToInner);
        Outer = new End(outerToInner, innerToOuter);
    }

    public IWebSocketEnd Inner { get; }
    public IWebSocketEnd Outer { get; }

    private sealed class End(WebSocketFrameQueue outgoing, WebSocketFrameQueue incoming) : IWebSocketEnd
    {
        private bool _receivedEnd;

        public async ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct)
        {
            if (_receivedEnd || await incoming.TakeAsync(ct).ConfigureAwait(false) is not { } frame)
                return WebSocketFrame.Broken("The WebSocket is closed.");
            if (frame.Ends) _receivedEnd = true;
            return frame;
        }

        public void Send(WebSocketFrame frame)
        {
            // A broken connection is broken both ways: whoever reads this end learns it too.
            if (outgoing.Add(frame) is { Kind: WebSocketFrameKind.Error } broken) incoming.Add(broken);
        }
    }
}
