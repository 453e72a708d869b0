namespace Switchyard.Engine;

/// <summary>
/// A reference that keeps a JS object (or symbol) alive, usable from any context of its isolate.
/// Dispose it when done; a handle that is only collected is released on the isolate's next run.
/// </summary>
public class JsHandle : IDisposable
{
    private int _released;

    internal JsHandle(JsIsolate isolate, int slot, JsValueKind kind)
    {
        Isolate = isolate;
        Slot = slot;
        Kind = kind;
    }

    public JsIsolate Isolate { get; }
    public JsValueKind Kind { get; }
    internal int Slot { get; }
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Whether a host function keeps this argument past its call (see <see cref="Keep"/>).</summary>
    public bool IsKept { get; private set; }

    /// <summary>
    /// Keeps a host function's argument alive after the call returns (arguments are otherwise released then);
    /// the host function then owns it and disposes it.
    /// </summary>
    public JsHandle Keep()
    {
        IsKept = true;
        return this;
    }

    /// <summary>The slot, checked against use after release and use in another isolate.</summary>
    internal int SlotFor(JsIsolate isolate)
    {
        if (IsReleased) throw new ObjectDisposedException(nameof(JsHandle));
        if (!ReferenceEquals(isolate, Isolate)) throw new InvalidOperationException("The handle belongs to another isolate.");
        return Slot;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        GC.SuppressFinalize(this);
        Isolate.ReleaseHandle(Slot);
    }

    ~JsHandle()
    {
        if (Volatile.Read(ref _released) == 0) Isolate.ReleaseHandle(Slot);
    }
}

/// <summary>
/// An ArrayBuffer or Uint8Array whose bytes are read and written in place (no copy). The span stays valid while
/// this handle is alive and the buffer is not transferred or detached by JS.
/// </summary>
public sealed unsafe class JsBuffer : JsHandle
{
    private readonly byte* _data;

    internal JsBuffer(JsIsolate isolate, int slot, JsValueKind kind, nint data, long length)
        : base(isolate, slot, kind)
    {
        _data = (byte*)data;
        Length = checked((int)length);
    }

    public int Length { get; }

    public Span<byte> Span => IsReleased ? throw new ObjectDisposedException(nameof(JsBuffer)) : new(_data, Length);

    /// <summary>The address of the first byte, for native consumers.</summary>
    public nint Pointer => (nint)_data;
}
