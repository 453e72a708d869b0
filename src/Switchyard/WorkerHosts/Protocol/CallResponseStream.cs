using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// A streamed answer's body on the caller's side of a call: reads the call's body; disposed before its end (the client
/// went away, or the caller stopped reading), it cancels the call so the other side stops producing it.
/// </summary>
internal sealed class CallResponseStream(ChannelCall call) : Stream
{
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read = await call.Body.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (read == 0 && !buffer.IsEmpty) _ended = true;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended) call.Cancel("The response body was abandoned.");
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
