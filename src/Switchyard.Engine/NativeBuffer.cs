using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// Bytes in native memory that can become a JS ArrayBuffer's backing store without a copy
/// (<see cref="JsContext.WrapBuffer"/>). The memory starts uninitialized. Until handed over this object owns it;
/// afterwards V8 does.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    private nint _data;

    public NativeBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _data = NativeMethods.Malloc(length);
        if (_data == 0) throw new OutOfMemoryException();
        Length = length;
    }

    public int Length { get; }

    public Span<byte> Span => _data == 0 ? throw new ObjectDisposedException(nameof(NativeBuffer)) : new((void*)_data, Length);

    /// <summary>Hands the memory over; the caller gives it to V8, which frees it when the buffer is collected.</summary>
    internal nint Transfer()
    {
        nint data = Interlocked.Exchange(ref _data, 0);
        if (data == 0) throw new ObjectDisposedException(nameof(NativeBuffer));
        GC.SuppressFinalize(this);
        return data;
    }

    public void Dispose()
    {
        nint data = Interlocked.Exchange(ref _data, 0);
        if (data != 0) NativeMethods.Free(data);
        GC.SuppressFinalize(this);
    }

    ~NativeBuffer() => Dispose();
}
