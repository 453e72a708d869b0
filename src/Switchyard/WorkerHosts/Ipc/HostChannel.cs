using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Switchyard.WorkerHosts.Ipc;

/// <summary>
/// The channel between the server and one worker host process: calls in both directions (the server invokes workers
/// in the host; the host asks the server for what its isolates need) multiplexed over one stream, a Unix socket pair in
/// practice. Frames are <c>[u32 length][u8 kind][u32 call id][payload]</c> (<see cref="FrameKind"/>); the
/// <see cref="FrameWriter"/> sends them in order, coalescing what is queued into one write, and a reader thread, in a
/// blocking read (no trip through the socket engine's epoll thread), dispatches them to their <see cref="ChannelCall"/>. The two sides number their calls apart (even and odd ids), so they never collide. When the
/// stream ends (the other process died), every open call fails and <see cref="Completion"/> completes.
/// </summary>
public sealed class HostChannel : IAsyncDisposable
{
    /// <summary>How far a body may run ahead of its reader, per call and direction.</summary>
    public const int Window = 256 * 1024;

    /// <summary>The largest body chunk in one frame.</summary>
    public const int MaxChunk = 64 * 1024;

    private const int HeaderSize = 9;
    private const int MaxPayload = 16 << 20;

    private readonly Stream _stream;
    private readonly Func<ChannelCall, Task> _onCall;
    private readonly FrameWriter _writer;
    private readonly Dictionary<uint, ChannelCall> _calls = [];
    private volatile bool _closed;
    private uint _nextId;
    private Task _loops = Task.CompletedTask;
    private Thread? _reader;

    /// <param name="stream">The connection (a Unix socket's stream); owned and disposed by the channel.</param>
    /// <param name="oddIds">Which half of the call ids this side uses (the server even, a worker host odd).</param>
    /// <param name="onCall">Answers a call the other side made; it runs on its own, and should reply, send its body and end it.</param>
    public HostChannel(Stream stream, bool oddIds, Func<ChannelCall, Task> onCall)
    {
        _stream = stream;
        _onCall = onCall;
        _nextId = oddIds ? 1u : 2u;
        _writer = new FrameWriter(stream, () => Close("The worker host channel closed."));
    }

    /// <summary>Completes when the connection has ended (its reason in the task's exception, if it broke).</summary>
    public Task Completion => _loops;

    public void Start()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reader = new Thread(() =>
        {
            ReadLoop();
            reading.TrySetResult();
        }) { IsBackground = true, Name = "Host channel reader" };
        _reader.Start();
        _loops = reading.Task;  // the reader closes the channel as it ends
    }

    /// <summary>
    /// Opens a call; the caller then sends its body (<see cref="ChannelCall.SendAsync"/>, <see cref="ChannelCall.EndAsync"/>)
    /// and awaits the reply. A call <paramref name="withoutBody"/> has ended its side already (one frame fewer each way).
    /// </summary>
    public ChannelCall Call(string method, ReadOnlyMemory<byte> head, bool withoutBody = false)
    {
        ChannelCall call;
        lock (_calls)
        {
            if (_closed) throw new ChannelCallException("The worker host channel is closed.");
            uint id = _nextId;
            _nextId += 2;
            call = new ChannelCall(this, id, method, ReadOnlyMemory<byte>.Empty);
            if (withoutBody) call.MarkSentEnd();
            _calls[id] = call;
        }
        int nameLength = Encoding.UTF8.GetByteCount(method);
        byte[] frame = NewFrame(withoutBody ? FrameKind.CallEnded : FrameKind.Call, call.Id, 2 + nameLength + head.Length, out Span<byte> payload);
        BinaryPrimitives.WriteUInt16LittleEndian(payload, checked((ushort)nameLength));
        Encoding.UTF8.GetBytes(method, payload[2..]);
        head.Span.CopyTo(payload[(2 + nameLength)..]);
        Enqueue(frame);
        return call;
    }

    internal void Send(FrameKind kind, uint id, ReadOnlySpan<byte> payload)
    {
        byte[] frame = NewFrame(kind, id, payload.Length, out Span<byte> room);
        payload.CopyTo(room);
        Enqueue(frame);
    }

    // A frame with its header written and room for the payload: the payload is written once, into the frame itself.
    private static byte[] NewFrame(FrameKind kind, uint id, int payloadLength, out Span<byte> payload)
    {
        var frame = new byte[HeaderSize + payloadLength];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payloadLength);
        frame[4] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), id);
        payload = frame.AsSpan(HeaderSize);
        return frame;
    }

    private void Enqueue(byte[] frame)
    {
        if (_closed || !_writer.Enqueue(frame, mayWriteHere: Thread.CurrentThread != _reader))
            throw new ChannelCallException("The worker host channel is closed.");
    }

    internal void Forget(ChannelCall call)
    {
        lock (_calls)
            if (_calls.TryGetValue(call.Id, out ChannelCall? current) && current == call) _calls.Remove(call.Id);
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    int pending = end - start;
                    if (start > 0) Buffer.BlockCopy(buffer, start, buffer, 0, pending);
                    else Array.Resize(ref buffer, buffer.Length * 2);
                    start = 0;
                    end = pending;
                }
                int read = _stream.Read(buffer, end, buffer.Length - end);
                if (read == 0) return;
                end += read;
                var span = new ReadOnlySequence<byte>(buffer, start, end - start);
                while (TryReadFrame(ref span, out FrameKind kind, out uint id, out byte[] payload)) Dispatch(kind, id, payload);
                start = end - (int)span.Length;
                if (start < end) continue;
                start = end = 0;
                if (buffer.Length > 64 * 1024) buffer = new byte[64 * 1024];  // a big frame passed: give its room back
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException or SocketException)
        {
        }
        finally
        {
            Close("The worker host channel closed.");
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out uint id, out byte[] payload)
    {
        kind = default;
        id = 0;
        payload = [];
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > MaxPayload) throw new InvalidDataException($"A channel frame of {length} bytes is over the limit.");
        if (buffer.Length < HeaderSize + length) return false;
        kind = (FrameKind)header[4];
        id = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        payload = buffer.Slice(HeaderSize, length).ToArray();
        buffer = buffer.Slice(HeaderSize + length);
        return true;
    }

    private void Dispatch(FrameKind kind, uint id, byte[] payload)
    {
        if (kind is FrameKind.Call or FrameKind.CallEnded)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(payload);
            string method = Encoding.UTF8.GetString(payload, 2, nameLength);
            var call = new ChannelCall(this, id, method, payload.AsMemory(2 + nameLength));
            lock (_calls) _calls[id] = call;
            if (kind == FrameKind.CallEnded) call.OnFrame(FrameKind.End, ReadOnlyMemory<byte>.Empty);
            // Never on the reading thread: an answer may run a worker's JavaScript before it first waits.
            _ = Task.Run(() => AnswerAsync(call));
            return;
        }
        ChannelCall? target;
        lock (_calls) _calls.TryGetValue(id, out target);
        target?.OnFrame(kind, payload);  // a frame for a call already over (a late credit, say) has nothing to do
    }

    private async Task AnswerAsync(ChannelCall call)
    {
        try
        {
            await _onCall(call).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            call.Cancel($"The call failed: {e.Message}");
        }
    }

    /// <summary>Ends the channel: no more calls, and every open one fails.</summary>
    private void Close(string reason)
    {
        ChannelCall[] open;
        lock (_calls)
        {
            if (_closed) return;
            _closed = true;
            open = [.. _calls.Values];
        }
        _writer.Dispose();
        foreach (ChannelCall call in open) call.Abort(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close("The worker host channel was closed.");
        // Disposing the socket wakes the reader out of its blocking read.
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
