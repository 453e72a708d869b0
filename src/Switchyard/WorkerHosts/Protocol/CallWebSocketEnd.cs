using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;
using Switchyard.Runtime.WebSockets;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// A WebSocket whose other side is in the other process of a channel: the frames this side sends are the call's body
/// out, the frames the other side sends are its body in, each <c>[u8 kind][i32 close code][u32 length][payload]</c>
/// (the text as UTF-8, the bytes, or the close reason). The call's flow control bounds what is in flight; what a worker
/// sends faster than that waits here, bounded like any WebSocket's queue (<see cref="WebSocketFrameQueue"/>).
/// The call failing (the other process died or cancelled) is a broken connection, never an exception.
/// </summary>
internal sealed class CallWebSocketEnd : IWebSocketEnd, IAsyncDisposable
{
    private const int HeaderSize = 9;

    private readonly ChannelCall _call;
    private readonly WebSocketFrameQueue _outgoing = new();
    // Sending an error frame breaks both directions: a receive waiting on the other process then returns at once.
    private readonly CancellationTokenSource _broken = new();
    private readonly Task _sending;
    private bool _receivedEnd;

    public CallWebSocketEnd(ChannelCall call)
    {
        _call = call;
        _sending = SendLoopAsync();
    }

    public async ValueTask<WebSocketFrame> ReceiveAsync(CancellationToken ct)
    {
        if (_receivedEnd) return WebSocketFrame.Broken("The WebSocket is closed.");
        WebSocketFrame frame;
        using (var both = CancellationTokenSource.CreateLinkedTokenSource(ct, _broken.Token))
        {
            try
            {
                frame = await ReadFrameAsync(both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidDataException or ChannelClosedException)
            {
                frame = WebSocketFrame.Broken(_broken.IsCancellationRequested ? "The WebSocket is closed." : "The WebSocket's other process went away.");
            }
        }
        if (frame.Ends) _receivedEnd = true;
        return frame;
    }

    public void Send(WebSocketFrame frame)
    {
        if (_outgoing.Add(frame) is { Kind: WebSocketFrameKind.Error }) _broken.Cancel();
    }

    /// <summary>Releases the call: if either direction has not ended, the other process learns it is broken.</summary>
    public async ValueTask DisposeAsync()
    {
        Send(WebSocketFrame.Broken("The WebSocket was released."));
        await _sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_receivedEnd) _call.Cancel("The WebSocket was released.");
    }

    private async Task<WebSocketFrame> ReadFrameAsync(CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        if (await _call.Body.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct).ConfigureAwait(false) < HeaderSize)
            return WebSocketFrame.Broken("The WebSocket's other process ended it without a close frame.");
        var kind = (WebSocketFrameKind)header[0];
        int code = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(5));
        if (length > WebSocketFrame.MaxQueuedBytes || kind > WebSocketFrameKind.Error)
            throw new InvalidDataException("A WebSocket frame from the other process is malformed.");
        var payload = new byte[length];
        await _call.Body.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
        return kind switch
        {
            WebSocketFrameKind.Text => WebSocketFrame.TextMessage(Encoding.UTF8.GetString(payload)),
            WebSocketFrameKind.Binary => WebSocketFrame.BinaryMessage(payload),
            WebSocketFrameKind.Close => WebSocketFrame.Closing(code, Encoding.UTF8.GetString(payload)),
            _ => WebSocketFrame.Broken(Encoding.UTF8.GetString(payload)),
        };
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outgoing.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
            {
                await _call.SendAsync(Encode(frame)).ConfigureAwait(false);
                if (frame.Ends) await _call.EndAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ChannelCallException or InvalidOperationException)
        {
            // The other process went away (its receive side learns it from the call failing) or this side had ended.
        }
    }

    private static byte[] Encode(WebSocketFrame frame)
    {
        byte[] payload = frame.Kind switch
        {
            WebSocketFrameKind.Text => Encoding.UTF8.GetBytes(frame.Text ?? ""),
            WebSocketFrameKind.Binary => frame.Bytes ?? [],
            _ => Encoding.UTF8.GetBytes(frame.Reason ?? ""),
        };
        var encoded = new byte[HeaderSize + payload.Length];
        encoded[0] = (byte)frame.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(1), frame.Code);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(5), (uint)payload.Length);
        payload.CopyTo(encoded, HeaderSize);
        return encoded;
    }
}
