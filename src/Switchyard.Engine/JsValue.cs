using System.Globalization;
using System.Numerics;

namespace Switchyard.Engine;

/// <summary>
/// A JS value as seen from C#: primitives are copied in (no allocation for numbers, booleans and small bigints),
/// objects are referenced through a <see cref="JsHandle"/> that keeps them alive until disposed.
/// </summary>
public readonly struct JsValue
{
    private readonly double _number;   // number, boolean (0/1), or an int64 bigint's bits
    private readonly object? _reference; // string, JsHandle, or a BigInteger beyond int64

    private JsValue(JsValueKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _reference = reference;
    }

    public JsValueKind Kind { get; }

    public static JsValue Undefined => default;
    public static JsValue Null { get; } = new(JsValueKind.Null, 0, null);
    public static JsValue True { get; } = new(JsValueKind.Boolean, 1, null);
    public static JsValue False { get; } = new(JsValueKind.Boolean, 0, null);

    public static JsValue FromBoolean(bool value) => value ? True : False;
    public static JsValue FromNumber(double value) => new(JsValueKind.Number, value, null);
    public static JsValue FromString(string value) => new(JsValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static JsValue FromBigInt(long value) => new(JsValueKind.BigInt, BitConverter.Int64BitsToDouble(value), null);
    public static JsValue FromBigInt(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? FromBigInt((long)value) : new(JsValueKind.BigInt, 0, value);
    public static JsValue FromHandle(JsHandle handle) => new(handle.Kind, 0, handle);

    public static implicit operator JsValue(string value) => FromString(value);
    public static implicit operator JsValue(double value) => FromNumber(value);
    public static implicit operator JsValue(bool value) => FromBoolean(value);
    public static implicit operator JsValue(JsHandle handle) => FromHandle(handle);

    public bool IsUndefined => Kind == JsValueKind.Undefined;
    public bool IsNullOrUndefined => Kind is JsValueKind.Undefined or JsValueKind.Null;
    public bool IsHandle => Kind >= JsValueKind.Object;

    public bool AsBoolean() => Kind == JsValueKind.Boolean ? _number != 0 : throw WrongKind(JsValueKind.Boolean);
    public double AsNumber() => Kind == JsValueKind.Number ? _number : throw WrongKind(JsValueKind.Number);
    public string AsString() => Kind == JsValueKind.String ? (string)_reference! : throw WrongKind(JsValueKind.String);

    public BigInteger AsBigInt() => Kind != JsValueKind.BigInt ? throw WrongKind(JsValueKind.BigInt)
        : _reference is BigInteger big ? big : new BigInteger(BitConverter.DoubleToInt64Bits(_number));

    /// <summary>The bigint as an int64, when it fits (all bigints converted from JS that fit are held this way).</summary>
    internal bool TryGetInt64BigInt(out long value)
    {
        value = BitConverter.DoubleToInt64Bits(_number);
        return Kind == JsValueKind.BigInt && _reference is null;
    }

    public JsHandle AsHandle() => _reference as JsHandle ?? throw new InvalidOperationException($"A {Kind} value has no handle.");
    public JsBuffer AsBuffer() => _reference as JsBuffer ?? throw new InvalidOperationException($"A {Kind} value is not a buffer.");

    /// <summary>Disposes the handle, if this value holds one.</summary>
    public void Release() => (_reference as JsHandle)?.Dispose();

    public override string ToString() => Kind switch
    {
        JsValueKind.Undefined => "undefined",
        JsValueKind.Null => "null",
        JsValueKind.Boolean => _number != 0 ? "true" : "false",
        JsValueKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        JsValueKind.BigInt => AsBigInt().ToString(CultureInfo.InvariantCulture) + "n",
        JsValueKind.String => (string)_reference!,
        _ => $"[{Kind}]",
    };

    private InvalidOperationException WrongKind(JsValueKind expected) => new($"Expected a {expected} value but got {Kind}.");
}
