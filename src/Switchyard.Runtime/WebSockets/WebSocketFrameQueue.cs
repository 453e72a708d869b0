using System.Threading.Channels;

namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// The frames one direction of a WebSocket holds, sent but not yet taken on: every <see cref="IWebSocketEnd"/> that
/// queues what it sends (to the network, to the other process, to its in-memory twin) keeps the same rules, so they live
/// here once. A worker's send() cannot wait, so the queue is unbounded in count and bounded in bytes: a frame that would
/// take it over <see cref="WebSocketFrame.MaxQueuedBytes"/> is replaced by a broken connection
/// (<see cref="WebSocketFrame.QueueFullReason"/>). Frames are taken in the order they were added, and a frame's bytes
/// count from when it is added until it is taken. The first ending frame (a close or a break) is the last: anything added
/// after it is dropped, and once it is taken the queue stays empty.
/// </summary>
/// <param name="onFull">
/// Told when a frame overflowed the queue (it was replaced by a broken connection), for a holder that must also cut
/// its connection. A frame dropped because the queue had ended is not counted, and does not tell it.
/// </param>
public sealed class WebSocketFrameQueue(Action? onFull = null)
{
    private readonly Channel<WebSocketFrame> _frames = Channel.CreateUnbounded<WebSocketFrame>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;
    private bool _ended;

    /// <summary>Queues <paramref name="frame"/>, or a broken connection in its place when the queue is full.</summary>
    /// <returns>The frame queued, or null when it was dropped because an ending frame was queued before it.</returns>
    public WebSocketFrame? Add(WebSocketFrame frame)
    {
        bool full = false;
        // Under the lock: a frame let in before the ending one is in the channel before it completes, and a frame
        // dropped after the end counts nothing, so a worker that keeps sending after its close() cannot cut the
        // connection while the close frame is still on its way.
        lock (_frames)
        {
            if (_ended) return null;
            // Takers only lower the count meanwhile, so a frame that fits now still fits when added.
            if (Interlocked.Read(ref _queuedBytes) + frame.Size > WebSocketFrame.MaxQueuedBytes)
            {
                frame = WebSocketFrame.Broken(WebSocketFrame.QueueFullReason);
                full = true;
            }
            else
            {
                Interlocked.Add(ref _queuedBytes, frame.Size);
            }
            _frames.Writer.TryWrite(frame);
            if (frame.Ends)
            {
                _ended = true;
                _frames.Writer.TryComplete();
            }
        }
        if (full) onFull?.Invoke();
        return frame;
    }

    /// <summary>
    /// The next frame, waiting for one; null once the ending frame has been taken. One taker at a time; throws only when
    /// <paramref name="ct"/> is cancelled.
    /// </summary>
    public async ValueTask<WebSocketFrame?> TakeAsync(CancellationToken ct)
    {
        ChannelReader<WebSocketFrame> reader = _frames.Reader;
        if (!await reader.WaitToReadAsync(ct).ConfigureAwait(false) || !reader.TryRead(out WebSocketFrame frame)) return null;
        Interlocked.Add(ref _queuedBytes, -frame.Size);
        return frame;
    }
}
