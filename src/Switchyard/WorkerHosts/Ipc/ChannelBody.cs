using System.Threading.Channels;

namespace Switchyard.WorkerHosts.Ipc;

/// <summary>
/// The body one side of a call receives, as a read-only stream: chunks arrive from the connection's reader and are
/// handed out in order; each chunk read returns its size to the sender as credit, so the sender never has more than
/// <see cref="HostChannel.Window"/> bytes in flight (backpressure across the process boundary). A cancelled call fails
/// the read with <see cref="ChannelCallException"/>. Disposed before its end (its reader is done with it, as a worker
/// that never reads its request body), what is left is discarded as it comes, its credit returned, so the sender finishes.
/// </summary>
internal sealed class ChannelBody(Action<int> consumed) : ReadOnlyStream
{
    private readonly Channel<ReadOnlyMemory<byte>> _chunks = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _gate = new();
    private ReadOnlyMemory<byte> _current;
    private bool _discarding;

    public void Deliver(ReadOnlyMemory<byte> chunk)
    {
        lock (_gate)
            if (!_discarding)
            {
                _chunks.Writer.TryWrite(chunk);
                return;
            }
        consumed(chunk.Length);
    }

    public void Complete(Exception? error = null) => _chunks.Writer.TryComplete(error);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty) return 0;
        while (_current.IsEmpty)
        {
            try
            {
                if (!await _chunks.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return 0;
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
            _chunks.Reader.TryRead(out _current);
        }
        int count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        consumed(count);
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            int unread = 0;
            lock (_gate)
            {
                if (_discarding) return;
                _discarding = true;
                unread = _current.Length;
                _current = default;
                while (_chunks.Reader.TryRead(out ReadOnlyMemory<byte> chunk)) unread += chunk.Length;
            }
            if (unread > 0) consumed(unread);
        }
        base.Dispose(disposing);
    }
}
