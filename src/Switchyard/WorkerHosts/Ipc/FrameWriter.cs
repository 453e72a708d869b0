using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Switchyard.WorkerHosts.Ipc;

/// <summary>
/// The sending half of a <see cref="HostChannel"/>: frames go out in the order they were queued, those queued while a
/// write runs coalesced into the next one. A write is made on the sending thread, without blocking (<c>MSG_DONTWAIT</c>
/// on the channel's socket): on this VM handing each write to another thread cost more than the write. What the
/// socket's buffer cannot take at once (the other process is not reading fast enough, or not at all) is left to a
/// thread of the writer's own, which blocks until it goes, so no pool thread ever waits on the other process: a wedged
/// worker host stalls its own channel, not the server. The channel's reader never writes (<paramref name="mayWriteHere"/>
/// false), so two readers cannot both wait on full buffers.
/// </summary>
internal sealed partial class FrameWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly Action _broken;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slowWork = new(0);
    private readonly Thread _slow;
    private List<byte[]> _pending = [];
    private List<byte[]> _spare = [];
    private bool _writing;          // a thread owns the writes (the sender, or the slow thread)
    private ArraySegment<byte> _leftover;  // what a non-blocking write left for the slow thread (pooled array)
    private volatile bool _disposed;

    /// <param name="stream">The connection; a <see cref="NetworkStream"/>'s socket is written to directly.</param>
    /// <param name="broken">Told once a write fails (the connection is gone).</param>
    public FrameWriter(Stream stream, Action broken)
    {
        _stream = stream;
        _socket = (stream as NetworkStream)?.Socket;
        _broken = broken;
        _slow = new Thread(SlowWrites) { IsBackground = true, Name = "Host channel writer" };
        _slow.Start();
    }

    /// <summary>Queues <paramref name="frame"/>; false if the writer is closed.</summary>
    public bool Enqueue(byte[] frame, bool mayWriteHere)
    {
        lock (_gate)
        {
            if (_disposed) return false;
            _pending.Add(frame);
            if (_writing) return true;
            _writing = true;
        }
        if (mayWriteHere) WriteWithoutBlocking();
        else _slowWork.Release();
        return true;
    }

    // Owns the writes: sends batches until none is left, or hands the rest to the slow thread.
    private void WriteWithoutBlocking()
    {
        try
        {
            while (TakeBatch() is { } batch)
            {
                int sent = _socket is null ? Blocking(batch) : SendNow(batch);
                if (sent < batch.Count)
                {
                    _leftover = batch.Slice(sent);
                    _slowWork.Release();
                    return;
                }
                ArrayPool<byte>.Shared.Return(batch.Array!);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            _broken();
        }
    }

    private void SlowWrites()
    {
        while (true)
        {
            _slowWork.Wait();
            if (_disposed) return;
            try
            {
                if (_leftover.Array is { } array)
                {
                    _stream.Write(_leftover);
                    _leftover = default;
                    ArrayPool<byte>.Shared.Return(array);
                }
                while (TakeBatch() is { } batch)
                {
                    _stream.Write(batch);
                    ArrayPool<byte>.Shared.Return(batch.Array!);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                _broken();
                return;
            }
        }
    }

    // The queued frames joined into one pooled buffer; null (and the writes released) when nothing is queued.
    private ArraySegment<byte>? TakeBatch()
    {
        List<byte[]> batch;
        lock (_gate)
        {
            if (_pending.Count == 0 || _disposed)
            {
                _writing = false;
                return null;
            }
            batch = _pending;
            _pending = _spare;
            _spare = batch;
        }
        int total = 0;
        foreach (byte[] frame in batch) total += frame.Length;
        byte[] joined = ArrayPool<byte>.Shared.Rent(total);
        int at = 0;
        foreach (byte[] frame in batch)
        {
            frame.CopyTo(joined, at);
            at += frame.Length;
        }
        batch.Clear();
        return new ArraySegment<byte>(joined, 0, total);
    }

    private int Blocking(ArraySegment<byte> bytes)
    {
        _stream.Write(bytes);
        return bytes.Count;
    }

    // As much as the socket takes now; never waits.
    private int SendNow(ArraySegment<byte> bytes)
    {
        int sent = 0;
        bool added = false;
        SafeSocketHandle handle = _socket!.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            while (sent < bytes.Count)
            {
                nint n = send((int)handle.DangerousGetHandle(), bytes.AsSpan(sent), bytes.Count - sent, MsgDontWait | MsgNoSignal);
                if (n >= 0)
                {
                    sent += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                if (errno == EAgain) break;
                throw new SocketException(errno);
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        return sent;
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _slowWork.Release();
    }

    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EAgain = 11;
    private const int EIntr = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int socket, ReadOnlySpan<byte> buffer, nint length, int flags);
}
