using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// A WebSocket connection on the network (a client's at the edge, or one a worker opened with <c>fetch()</c>) as an
/// <see cref="IWebSocketEnd"/>: messages are received whole, up to <paramref name="maxMessageBytes"/> (Cloudflare's
/// limit on what a worker receives is 1 MiB; a larger message closes the connection with 1009 "Message is too large"),
/// and sent in order by one sender, since a .NET WebSocket takes one send at a time.
/// </summary>
public sealed class NetworkWebSocketEnd : IWebSocketEnd, IAsyncDisposable
{
    /// <summary>Cloudflare's limit on a WebSocket message a worker receives.</summary>
    public const int DefaultMaxMessageBytes = 1 << 20;

    public const string TooLargeReason = "Message is too large";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly int _maxMessageBytes;
    private readonly WebSocketFrameQueue _outgoing;
    private readonly Task _sender;
    private bool _receivedEnd;

    public NetworkWebSocketEnd(WebSocket socket, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        _socket = socket;
        _maxMessageBytes = maxMessageBytes;
        // A peer that does not read overflows the queue: a sender stuck behind it would never get to a close frame, so the
        // connection is cut (the receiving side then reports it broken, and the worker learns it).
        _outgoing = new WebSocketFrameQueue(onFull: socket.Abort);
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>The subprotocol the connection agreed on (an outbound connection's), or null.</summary>
    public string? SubProtocol => _socket.SubProtocol;

    public async ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct)
    {
        if (_receivedEnd) return WebSocketFrame.Broken("The WebSocket is closed.");
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                Memory<byte> space = message.GetMemory(16 * 1024);
                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(space, ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _receivedEnd = true;
                    return WebSocketFrame.Closing((int?)_socket.CloseStatus ?? WebSocketFrame.NoStatusCode, _socket.CloseStatusDescription ?? "");
                }
                message.Advance(result.Count);
                if (message.WrittenCount > _maxMessageBytes)
                {
                    _receivedEnd = true;
                    Send(WebSocketFrame.Closing((int)WebSocketCloseStatus.MessageTooBig, TooLargeReason));
                    return WebSocketFrame.Closing((int)WebSocketCloseStatus.MessageTooBig, TooLargeReason);
                }
                if (!result.EndOfMessage) continue;
                return result.MessageType == WebSocketMessageType.Text
                    ? WebSocketFrame.TextMessage(Encoding.UTF8.GetString(message.WrittenSpan))
                    : WebSocketFrame.BinaryMessage(message.WrittenSpan.ToArray());
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException
                                  || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            _receivedEnd = true;
            return WebSocketFrame.Broken(e.Message);
        }
    }

    public void Send(WebSocketFrame frame) => _outgoing.Add(frame);

    private async Task SendLoopAsync()
    {
        while (await _outgoing.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
        {
            try
            {
                switch (frame.Kind)
                {
                    case WebSocketFrameKind.Text:
                        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame.Text!), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case WebSocketFrameKind.Binary:
                        await _socket.SendAsync(frame.Bytes!, WebSocketMessageType.Binary, true, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case WebSocketFrameKind.Close:
                        await CloseOutputAsync(frame.Code, frame.Reason).ConfigureAwait(false);
                        break;
                    default:
                        // The worker's side broke (its invocation failed or ended): the peer is told with 1011 rather than a
                        // cut connection, where it still can be.
                        await CloseOutputAsync((int)WebSocketCloseStatus.InternalServerError, "Internal error").ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                _socket.Abort();
                return;
            }
        }
    }

    private async Task CloseOutputAsync(int code, string? reason)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(DrainTimeout);
        if (code == WebSocketFrame.NoStatusCode) await _socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, timeout.Token).ConfigureAwait(false);
        else await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason ?? "", timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Waits (briefly) for what is queued to be sent, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Send(WebSocketFrame.Broken("The WebSocket was closed."));
        await _sender.WaitAsync(DrainTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }
}
