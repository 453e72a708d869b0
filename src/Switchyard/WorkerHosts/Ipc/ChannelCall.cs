using System.Text;

namespace Switchyard.WorkerHosts.Ipc;

/// <summary>
/// One call over a <see cref="HostChannel"/>, as either side sees it. The caller names a method and a head (opaque bytes,
/// e.g. a request's method, URL and headers), may stream a body, and receives the callee's reply head and its body; the
/// callee reads the caller's body and answers. Bodies flow with backpressure (each direction at most
/// <see cref="HostChannel.Window"/> bytes ahead of its reader) and either side may cancel, which fails whatever the
/// other is waiting on.
/// </summary>
public sealed class ChannelCall
{
    private readonly HostChannel _channel;
    private readonly ChannelBody _received;
    // The reply's waiter continues on the pool, never on the channel's reader: the server's edge would otherwise write its
    // HTTP response there, and measured so, hello with hosts fell from 15.1k to 10.2–11.0k req/s (one serial reader).
    private readonly TaskCompletionSource<ReadOnlyMemory<byte>> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _aborted = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly object _gate = new();
    private TaskCompletionSource _creditArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _credit = HostChannel.Window;
    private bool _sentEnd;
    private bool _receivedEnd;
    private string? _cancelled;

    internal ChannelCall(HostChannel channel, uint id, string method, ReadOnlyMemory<byte> head)
    {
        _channel = channel;
        Id = id;
        Method = method;
        Head = head;
        _received = new ChannelBody(count => channel.Send(FrameKind.Credit, id, BitConverter.GetBytes((uint)count)));
    }

    internal uint Id { get; }

    /// <summary>What the caller asked for (the callee's dispatch key).</summary>
    public string Method { get; }

    /// <summary>The caller's head (empty on the caller's side).</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>The body this side receives: the request body for the callee, the response body for the caller.</summary>
    public Stream Body => _received;

    /// <summary>The callee's reply head (caller's side); fails with <see cref="ChannelCallException"/> if the call ends without one.</summary>
    public Task<ReadOnlyMemory<byte>> Reply => _reply.Task;

    /// <summary>Cancelled when the other side cancels the call or the channel closes.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The callee's answer head; its body follows with <see cref="SendAsync"/> and <see cref="EndAsync"/>.</summary>
    public void SendReply(ReadOnlyMemory<byte> head) => _channel.Send(FrameKind.Reply, Id, head.Span);

    /// <summary>The callee's answer head with no body after it: the reply and this side's end in one frame.</summary>
    public void SendReplyAndEnd(ReadOnlyMemory<byte> head)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            _sentEnd = true;
        }
        _channel.Send(FrameKind.ReplyEnded, Id, head.Span);
        ForgetIfDone();
    }

    /// <summary>This side's body is empty and was ended with the call's first frame.</summary>
    internal void MarkSentEnd()
    {
        lock (_gate) _sentEnd = true;
    }

    /// <summary>Sends a chunk of this side's body, waiting while the other side has not read what is in flight.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken ct = default)
    {
        await _sending.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (!chunk.IsEmpty)
            {
                Task waitForCredit;
                int count;
                lock (_gate)
                {
                    ThrowIfEnded();
                    count = (int)Math.Min(Math.Min(chunk.Length, _credit), HostChannel.MaxChunk);
                    if (count > 0) _credit -= count;
                    else if (_creditArrived.Task.IsCompleted) _creditArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    waitForCredit = _creditArrived.Task;
                }
                if (count == 0)
                {
                    await waitForCredit.WaitAsync(ct).ConfigureAwait(false);
                    continue;
                }
                _channel.Send(FrameKind.Data, Id, chunk[..count].ToArray());
                chunk = chunk[count..];
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>This side's body is complete.</summary>
    public async ValueTask EndAsync(CancellationToken ct = default)
    {
        await _sending.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                ThrowIfEnded();
                _sentEnd = true;
            }
            _channel.Send(FrameKind.End, Id, []);
            ForgetIfDone();
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Abandons the call: the other side's waits fail with <paramref name="reason"/>.</summary>
    public void Cancel(string reason)
    {
        if (!Abort(reason)) return;
        _channel.Send(FrameKind.Cancel, Id, Encoding.UTF8.GetBytes(reason));
    }

    internal void OnFrame(FrameKind kind, ReadOnlyMemory<byte> payload)
    {
        switch (kind)
        {
            case FrameKind.Reply:
                _reply.TrySetResult(payload);
                break;
            case FrameKind.ReplyEnded:
                _reply.TrySetResult(payload);
                OnFrame(FrameKind.End, ReadOnlyMemory<byte>.Empty);
                break;
            case FrameKind.Data:
                _received.Deliver(payload);
                break;
            case FrameKind.End:
                lock (_gate) _receivedEnd = true;
                _received.Complete();
                ForgetIfDone();
                break;
            case FrameKind.Credit:
                lock (_gate)
                {
                    _credit += BitConverter.ToUInt32(payload.Span);
                    _creditArrived.TrySetResult();
                }
                break;
            case FrameKind.Cancel:
                Abort(Encoding.UTF8.GetString(payload.Span));
                break;
        }
    }

    /// <summary>Ends the call locally (the other side cancelled, or the channel is gone); false if it had ended already.</summary>
    internal bool Abort(string reason)
    {
        lock (_gate)
        {
            if (_cancelled is not null) return false;
            _cancelled = reason;
            _creditArrived.TrySetResult();
        }
        var error = new ChannelCallException(reason);
        _reply.TrySetException(error);
        _reply.Task.Exception?.Handle(_ => true);  // observed: a caller that never awaits the reply is not an error
        _received.Complete(error);
        _aborted.Cancel();
        _channel.Forget(this);
        return true;
    }

    private void ThrowIfEnded()
    {
        if (_cancelled is not null) throw new ChannelCallException(_cancelled);
        if (_sentEnd) throw new InvalidOperationException("This side's body has already ended.");
    }

    private void ForgetIfDone()
    {
        lock (_gate)
            if (!_sentEnd || !_receivedEnd) return;
        _channel.Forget(this);
    }
}
