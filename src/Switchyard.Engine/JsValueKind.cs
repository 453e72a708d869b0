namespace Switchyard.Engine;

/// <summary>What a <see cref="JsValue"/> holds. Kinds from <see cref="Object"/> on are held through a <see cref="JsHandle"/>.</summary>
public enum JsValueKind
{
    Undefined, Null, Boolean, Number, BigInt, String,
    Object, Array, Function, Promise, ArrayBuffer, Uint8Array,
    /// <summary>Symbols, other typed arrays and anything else without a dedicated kind.</summary>
    Other,
}
