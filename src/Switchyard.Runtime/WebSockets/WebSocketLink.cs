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
        var innerToOuter = new Direction();
        var outerToInner = new Direction();
        Inner = new End(innerToOuter, outerToInner);
        Outer = new End(outerToInner, innerToOuter);
    }

    public IWebSocketEnd Inner { get; }
    public IWebSocketEnd Outer { get; }

    // Unbounded in count, as a worker's send() cannot wait, and bounded in bytes (WebSocketFrame.MaxQueuedBytes): what
    // the edge relays from a client is also bounded by the message size limit and by the worker reading it (the bridge
    // reads the client only as fast as it hands messages on).
    private sealed class Direction
    {
        public Channel<WebSocketFrame> Frames { get; } = Channel.CreateUnbounded<WebSocketFrame>(new UnboundedChannelOptions { SingleReader = true });
        public long QueuedBytes;
    }

    private sealed class End(Direction outgoing, Direction incoming) : IWebSocketEnd
    {
        private bool _sentEnd;
        private bool _receivedEnd;

        public async ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct)
        {
            ChannelReader<WebSocketFrame> reader = incoming.Frames.Reader;
            if (_receivedEnd || !await reader.WaitToReadAsync(ct).ConfigureAwait(false) || !reader.TryRead(out WebSocketFrame frame))
                return WebSocketFrame.Broken("The WebSocket is closed.");
            Interlocked.Add(ref incoming.QueuedBytes, -frame.Size);
            if (frame.Ends) _receivedEnd = true;
            return frame;
        }

        public void Send(WebSocketFrame frame)
        {
            if (Interlocked.Add(ref outgoing.QueuedBytes, frame.Size) > WebSocketFrame.MaxQueuedBytes)
                frame = WebSocketFrame.Broken(WebSocketFrame.QueueFullReason);
            lock (this)
            {
                if (_sentEnd) return;
                if (frame.Ends) _sentEnd = true;
            }
            outgoing.Frames.Writer.TryWrite(frame);
            if (frame.Kind != WebSocketFrameKind.Error) return;
            // A broken connection is broken both ways: whoever reads this end learns it too.
            incoming.Frames.Writer.TryWrite(frame);
            outgoing.Frames.Writer.TryComplete();
            incoming.Frames.Writer.TryComplete();
        }
    }
}
