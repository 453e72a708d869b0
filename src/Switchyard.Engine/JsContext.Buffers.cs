using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

// Binary data shared with JS without copies: C# reads and writes the backing store in place.
public sealed unsafe partial class JsContext
{
    /// <summary>A zeroed Uint8Array from the isolate's capped ArrayBuffer memory; fill it through <see cref="JsBuffer.Span"/>.</summary>
    public JsBuffer NewUint8Array(int length) => NewBuffer(SyKind.Uint8Array, 0, length);

    public JsBuffer NewArrayBuffer(int length) => NewBuffer(SyKind.ArrayBuffer, 0, length);

    /// <summary>A Uint8Array holding a copy of <paramref name="bytes"/>.</summary>
    public JsBuffer NewUint8Array(ReadOnlySpan<byte> bytes)
    {
        JsBuffer buffer = NewUint8Array(bytes.Length);
        bytes.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>
    /// A Uint8Array (or ArrayBuffer) whose backing store is <paramref name="buffer"/>'s memory, without a copy.
    /// The memory passes to V8 and is freed when JS collects the buffer.
    /// </summary>
    public JsBuffer WrapBuffer(NativeBuffer buffer, bool asUint8Array = true)
    {
        Enter();
        nint data = buffer.Transfer();
        return NewBuffer(asUint8Array ? SyKind.Uint8Array : SyKind.ArrayBuffer, data, buffer.Length);
    }

    private JsBuffer NewBuffer(SyKind kind, nint data, int length)
    {
        Enter();
        SyValue result;
        Isolate.Check(NativeMethods.BufferNew(Isolate.Native, Id, kind, data, length, &result));
        return Isolate.Marshaller.FromNative(result).AsBuffer();
    }
}
