namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// One side of a WebSocket conversation as the host holds it: a client's connection to the edge, an outbound
/// connection a worker opened with <c>fetch()</c>, or the host's side of a <c>WebSocketPair</c> whose other end a worker
/// kept. Whatever holds it relays: it receives what the other side said and sends what the other side should hear.
/// </summary>
public interface IWebSocketEnd
{
    /// <summary>
    /// The next thing the other side said. A <see cref="WebSocketFrameKind.Close"/> or <see cref="WebSocketFrameKind.Error"/>
    /// frame ends the direction; after it, only <see cref="WebSocketFrameKind.Error"/> frames come. Never throws for a
    /// broken connection (that is an Error frame); throws only when <paramref name="ct"/> is cancelled.
    /// </summary>
    ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct);

    /// <summary>
    /// Says something to the other side, queued in order without waiting. Anything after this side's own close frame is
    /// dropped; an <see cref="WebSocketFrameKind.Error"/> frame breaks the connection in both directions.
    /// </summary>
    void Send(WebSocketFrame frame);

    /// <summary>Breaks the connection for a holder that cannot use it (and releases it, when it is a network connection).</summary>
    void Abandon(string reason)
    {
        Send(WebSocketFrame.Broken(reason));
        if (this is IAsyncDisposable connection) _ = connection.DisposeAsync().AsTask();
    }
}
