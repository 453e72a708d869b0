using System.Threading.Channels;

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
        var innerToOuter = NewChannel();
        var outerToInner = NewChannel();
        Inner = new End(innerToOuter, outerToInner);
        Outer = new End(outerToInner, innerToOuter);
    }

    public IWebSocketEnd Inner { get; }
    public IWebSocketEnd Outer { get; }

    // Unbounded, as a worker's send() is: it cannot wait. What the edge relays from a client is bounded by the message
    // size limit and by the worker reading it (the bridge reads the client only as fast as it hands messages on).
    private static Channel<WebSocketFrame> NewChannel() =>
        Channel.CreateUnbounded<WebSocketFrame>(new UnboundedChannelOptions { SingleReader = true });

    private sealed class End(Channel<WebSocketFrame> outgoing, Channel<WebSocketFrame> incoming) : IWebSocketEnd
    {
        private bool _sentEnd;
        private bool _receivedEnd;

        public async ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct)
        {
            if (_receivedEnd || !await incoming.Reader.WaitToReadAsync(ct).ConfigureAwait(false) || !incoming.Reader.TryRead(out WebSocketFrame frame))
                return WebSocketFrame.Broken("The WebSocket is closed.");
            if (frame.Ends) _receivedEnd = true;
            return frame;
        }

        public void Send(WebSocketFrame frame)
        {
            lock (this)
            {
                if (_sentEnd) return;
                if (frame.Ends) _sentEnd = true;
            }
            outgoing.Writer.TryWrite(frame);
            if (frame.Kind != WebSocketFrameKind.Error) return;
            // A broken connection is broken both ways: whoever reads this end learns it too.
            incoming.Writer.TryWrite(frame);
            outgoing.Writer.TryComplete();
            incoming.Writer.TryComplete();
        }
    }
}
