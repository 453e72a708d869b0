namespace Switchyard.ControlPlane.Tails;

/// <summary>
/// The read side of a server's WebSocket connection, with every client frame made masked: a frame that arrives
/// unmasked gets the mask bit and an all-zero masking key, which XORs to the same payload. wrangler's tail sends its
/// first frame (<c>{"debug":false}</c>) unmasked, against RFC 6455, and .NET's WebSocket fails such a connection with
/// 1002; Cloudflare accepts it, so the tail socket must. Everything else (framing, pings, close) stays .NET's.
/// Writes pass through untouched.
/// </summary>
internal sealed class UnmaskedFrameTolerance(Stream inner) : Stream
{
    private readonly byte[] _in = new byte[16 * 1024];
    private int _inStart, _inEnd;
    private readonly byte[] _header = new byte[14];
    private int _headerLength;  // header bytes gathered so far (while _payloadLeft == 0)
    private long _payloadLeft;
    private readonly byte[] _pending = new byte[18];  // a rewritten header not yet read by the caller
    private int _pendingStart, _pendingEnd;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            if (_pendingStart < _pendingEnd)
            {
                int n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
                _pending.AsMemory(_pendingStart, n).CopyTo(buffer);
                _pendingStart += n;
                return n;
            }
            if (_inStart == _inEnd)
            {
                _inStart = 0;
                _inEnd = await inner.ReadAsync(_in, ct).ConfigureAwait(false);
                if (_inEnd == 0) return 0;
            }
            if (_payloadLeft > 0)
            {
                int n = (int)Math.Min(Math.Min(buffer.Length, _inEnd - _inStart), _payloadLeft);
                _in.AsMemory(_inStart, n).CopyTo(buffer);
                _inStart += n;
                _payloadLeft -= n;
                return n;
            }
            // Gather one frame header, byte by byte (at most 14), then hand it on, masked.
            while (_inStart < _inEnd)
            {
                _header[_headerLength++] = _in[_inStart++];
                if (HeaderSize() is int size && _headerLength == size)
                {
                    EmitHeader(size);
                    break;
                }
            }
        }
    }

    /// <summary>The full header's size once its first two bytes are in (null before).</summary>
    private int? HeaderSize()
    {
        if (_headerLength < 2) return null;
        int length7 = _header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        bool masked = (_header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private void EmitHeader(int size)
    {
        int length7 = _header[1] & 0x7F;
        long payload = length7 switch
        {
            126 => (_header[2] << 8) | _header[3],
            127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8)),
            _ => length7,
        };
        _header.AsSpan(0, size).CopyTo(_pending);
        _pendingEnd = size;
        if ((_header[1] & 0x80) == 0)
        {
            _pending[1] |= 0x80;
            _pending.AsSpan(size, 4).Clear();
            _pendingEnd += 4;
        }
        _pendingStart = 0;
        _headerLength = 0;
        _payloadLeft = payload;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
    public override void Flush() => inner.Flush();
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
