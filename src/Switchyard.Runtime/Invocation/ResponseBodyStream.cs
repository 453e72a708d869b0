using Switchyard.Engine;
using Switchyard.Runtime.Workers;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// A worker's response body as a read-only stream: chunks are pulled from the isolate on demand, never buffered whole.
/// Disposing before the end cancels the JS stream. <paramref name="finished"/> runs once, at the end or on disposal.
/// A limit hit while streaming surfaces as an <see cref="IOException"/> wrapping the <see cref="WorkerException"/>.
/// </summary>
internal sealed class ResponseBodyStream(JsBodyReader reader, Func<Exception, WorkerException> mapFailure, Action finished) : Stream
{
    private byte[]? _chunk;
    private int _offset;
    private bool _ended;
    private int _finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        while (!_ended && (_chunk is null || _offset == _chunk.Length))
        {
            try
            {
                _chunk = await reader.ReadAsync().WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsException or JsLimitException)
            {
                WorkerException failure = mapFailure(e);  // first: the invocation is recorded as ended with it when finished
                Finish();
                throw new IOException("The worker failed while streaming its response body.", failure);
            }
            _offset = 0;
            if (_chunk is null)
            {
                _ended = true;
                Finish();
            }
        }
        if (_ended) return 0;
        int count = Math.Min(buffer.Length, _chunk!.Length - _offset);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended && Volatile.Read(ref _finished) == 0)
        {
            _ended = true;
            _ = reader.CancelAsync().ContinueWith(_ => Finish(), TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        reader.Release();
        finished();
    }
}
