using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Switchyard.Engine.Interop;

/// <summary>
/// Converts between <see cref="JsValue"/> and <see cref="SyValue"/>. Outgoing strings are copied into one
/// per-isolate native buffer, reused by every call: the shim copies them into V8 before running any JS.
/// </summary>
internal sealed unsafe class ValueMarshaller : IDisposable
{
    private readonly JsIsolate _isolate;
    private char* _scratch;
    private int _capacity;

    public ValueMarshaller(JsIsolate isolate) => _isolate = isolate;

    /// <summary>Converts <paramref name="head"/> then <paramref name="tail"/> into consecutive native values.</summary>
    public void ToNative(ReadOnlySpan<JsValue> head, ReadOnlySpan<JsValue> tail, SyValue* output)
    {
        char* next = Reserve(CharsNeeded(head) + CharsNeeded(tail));
        for (int i = 0; i < head.Length; i++) output[i] = Convert(head[i], ref next);
        for (int i = 0; i < tail.Length; i++) output[head.Length + i] = Convert(tail[i], ref next);
    }

    public void ToNative(ReadOnlySpan<JsValue> values, SyValue* output) => ToNative(values, default, output);

    public void ToNative(in JsValue value, SyValue* output) => ToNative(new ReadOnlySpan<JsValue>(in value), default, output);

    private static int CharsNeeded(ReadOnlySpan<JsValue> values)
    {
        int chars = 0;
        foreach (ref readonly JsValue value in values)
        {
            if (value.Kind == JsValueKind.String) chars += value.AsString().Length;
            else if (value.Kind == JsValueKind.BigInt && !value.TryGetInt64BigInt(out _)) chars += BigText(value).Length;
        }
        return chars;
    }

    public JsValue FromNative(in SyValue value)
    {
        switch (value.Kind)
        {
            case SyKind.Undefined: return JsValue.Undefined;
            case SyKind.Null: return JsValue.Null;
            case SyKind.Boolean: return JsValue.FromBoolean(value.Integer != 0);
            case SyKind.Number: return JsValue.FromNumber(value.Number);
            case SyKind.BigInt: return JsValue.FromBigInt(value.Integer);
            case SyKind.BigIntText:
                return JsValue.FromBigInt(BigInteger.Parse(new ReadOnlySpan<char>((char*)value.Pointer, (int)value.Length), CultureInfo.InvariantCulture));
            case SyKind.String: return JsValue.FromString(new string((char*)value.Pointer, 0, (int)value.Length));
            case SyKind.ArrayBuffer:
            case SyKind.Uint8Array:
                return JsValue.FromHandle(new JsBuffer(_isolate, value.Handle, (JsValueKind)(value.Kind - 1), value.Pointer, value.Length));
            default:
                return JsValue.FromHandle(new JsHandle(_isolate, value.Handle, (JsValueKind)(value.Kind - 1)));
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_scratch);
        _scratch = null;
    }

    private SyValue Convert(in JsValue value, ref char* next)
    {
        SyValue native = default;
        native.Kind = value.Kind switch
        {
            JsValueKind.Undefined => SyKind.Undefined,
            JsValueKind.Null => SyKind.Null,
            JsValueKind.Boolean => SyKind.Boolean,
            JsValueKind.Number => SyKind.Number,
            JsValueKind.BigInt => SyKind.BigInt,
            JsValueKind.String => SyKind.String,
            _ => SyKind.Object,
        };
        switch (value.Kind)
        {
            case JsValueKind.Boolean: native.Integer = value.AsBoolean() ? 1 : 0; break;
            case JsValueKind.Number: native.Number = value.AsNumber(); break;
            case JsValueKind.BigInt when value.TryGetInt64BigInt(out long small): native.Integer = small; break;
            case JsValueKind.BigInt: native.Kind = SyKind.BigIntText; Write(BigText(value), ref next, ref native); break;
            case JsValueKind.String: Write(value.AsString(), ref next, ref native); break;
            case >= JsValueKind.Object: native.Handle = value.AsHandle().SlotFor(_isolate); break;
        }
        return native;
    }

    private static void Write(string text, ref char* next, ref SyValue native)
    {
        text.AsSpan().CopyTo(new Span<char>(next, text.Length));
        native.Pointer = (nint)next;
        native.Length = text.Length;
        next += text.Length;
    }

    private static string BigText(in JsValue value) => value.AsBigInt().ToString(CultureInfo.InvariantCulture);

    private char* Reserve(int chars)
    {
        if (chars > _capacity)
        {
            int capacity = Math.Max(chars, Math.Max(256, _capacity * 2));
            NativeMemory.Free(_scratch);
            _scratch = (char*)NativeMemory.Alloc((nuint)capacity * sizeof(char));
            _capacity = capacity;
        }
        return _scratch;
    }
}
