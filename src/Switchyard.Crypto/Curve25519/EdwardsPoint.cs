namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// A point of edwards25519 (-x² + y² = 1 + d·x²·y², RFC 8032 §5.1) in extended coordinates (X:Y:Z:T) with
/// x = X/Z, y = Y/Z, x·y = T/Z. The addition law is complete, so scalar multiplication needs no special cases.
/// </summary>
internal readonly struct EdwardsPoint
{
    private static readonly FieldElement D = -FieldElement.FromInt(121665) * FieldElement.FromInt(121666).Invert();
    private static readonly FieldElement D2 = D + D;
    private static readonly FieldElement SqrtMinusOne = FieldElement.FromInt(2).Pow(((FieldElement.P - 1) / 4).ToByteArray(isUnsigned: true));

    public static readonly EdwardsPoint Identity = new(FieldElement.Zero, FieldElement.One, FieldElement.One, FieldElement.Zero);

    /// <summary>The base point B: y = 4/5, x non-negative (even).</summary>
    public static readonly EdwardsPoint Base =
        Decode((FieldElement.FromInt(4) * FieldElement.FromInt(5).Invert()).ToBytes()) ?? throw new InvalidOperationException("Bad base point.");

    private readonly FieldElement _x, _y, _z, _t;

    private EdwardsPoint(FieldElement x, FieldElement y, FieldElement z, FieldElement t)
    {
        _x = x; _y = y; _z = z; _t = t;
    }

    /// <summary>RFC 8032 §5.1.3 decoding; null when the bytes are not a canonical encoding of a curve point.</summary>
    public static EdwardsPoint? Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != 32) return null;
        var sign = encoded[31] >> 7;
        var y = FieldElement.FromBytes(encoded);
        var canonical = y.ToBytes();
        canonical[31] |= (byte)(sign << 7);
        if (!canonical.AsSpan().SequenceEqual(encoded)) return null; // y ≥ p

        // x² = u/v with u = y² - 1, v = d·y² + 1; candidate root x = u·v³·(u·v⁷)^((p-5)/8).
        var y2 = y.Square();
        var u = y2 - FieldElement.One;
        var v = D * y2 + FieldElement.One;
        var v3 = v.Square() * v;
        var x = u * v3 * (u * v3.Square() * v).PowPMinus5Over8();
        var vx2 = v * x.Square();
        if (!vx2.Equals(u))
        {
            if (!vx2.Equals(-u)) return null;
            x *= SqrtMinusOne;
        }
        if (x.IsZero && sign == 1) return null;
        if ((x.IsNegative ? 1 : 0) != sign) x = -x;
        return new EdwardsPoint(x, y, FieldElement.One, x * y);
    }

    /// <summary>RFC 8032 §5.1.2 encoding: y little-endian with the low bit of x in the top bit.</summary>
    public byte[] Encode()
    {
        var zInverse = _z.Invert();
        var x = _x * zInverse;
        var bytes = (_y * zInverse).ToBytes();
        bytes[31] |= (byte)(x.IsNegative ? 0x80 : 0);
        return bytes;
    }

    public EdwardsPoint Negate() => new(-_x, _y, _z, -_t);

    public static EdwardsPoint operator +(EdwardsPoint p, EdwardsPoint q)
    {
        var a = (p._y - p._x) * (q._y - q._x);
        var b = (p._y + p._x) * (q._y + q._x);
        var c = p._t * D2 * q._t;
        var d = p._z * (q._z + q._z);
        FieldElement e = b - a, f = d - c, g = d + c, h = b + a;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    public EdwardsPoint Double()
    {
        var a = _x.Square();
        var b = _y.Square();
        var c = _z.Square();
        c += c;
        var h = a + b;
        var e = h - (_x + _y).Square();
        var g = a - b;
        var f = c + g;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    /// <summary>
    /// [k]P for a 32-byte little-endian k with 4-bit fixed windows: four doublings and one addition of a table entry
    /// per window. The entry is read by a branch-free scan of all sixteen, so neither time nor memory access pattern
    /// depends on k.
    /// </summary>
    public EdwardsPoint Multiply(ReadOnlySpan<byte> scalar)
    {
        Span<EdwardsPoint> multiples = stackalloc EdwardsPoint[16];
        multiples[0] = Identity;
        for (var i = 1; i < 16; i++) multiples[i] = multiples[i - 1] + this;

        var result = Identity;
        for (var window = 63; window >= 0; window--)
        {
            result = result.Double().Double().Double().Double();
            var digit = (scalar[window >> 1] >> ((window & 1) * 4)) & 0xF;
            result += Lookup(multiples, digit);
        }
        return result;
    }

    private static EdwardsPoint Lookup(ReadOnlySpan<EdwardsPoint> multiples, int digit)
    {
        var entry = Identity;
        for (var i = 0; i < multiples.Length; i++)
        {
            var equal = (ulong)((uint)((i ^ digit) - 1) >> 31); // 1 exactly when i == digit
            entry = Select(entry, multiples[i], equal);
        }
        return entry;
    }

    private static EdwardsPoint Select(EdwardsPoint a, EdwardsPoint b, ulong choice) => new(
        FieldElement.Select(a._x, b._x, choice), FieldElement.Select(a._y, b._y, choice),
        FieldElement.Select(a._z, b._z, choice), FieldElement.Select(a._t, b._t, choice));
}
