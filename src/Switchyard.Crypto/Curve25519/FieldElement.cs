using System.Buffers.Binary;
using System.Numerics;

namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// An element of GF(p), p = 2^255 - 19, as five 51-bit limbs (radix 2^51, little-endian). Arithmetic runs the same
/// instructions whatever the values, so secret scalars and keys don't leak through timing; only <see cref="Pow"/>'s
/// exponent (always a public constant) steers branches, and <see cref="IsZero"/> (used on public points only) may
/// exit early.
/// </summary>
/// <remarks>
/// Limb invariant: every result has limbs below 2^52, so products of two limbs (times 19 for the wrap-around
/// 2^255 = 19 mod p) and sums of five of them stay far inside 128 bits.
/// </remarks>
internal readonly struct FieldElement
{
    private const ulong Mask51 = (1UL << 51) - 1;

    private readonly ulong _l0, _l1, _l2, _l3, _l4;

    private FieldElement(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        _l0 = l0; _l1 = l1; _l2 = l2; _l3 = l3; _l4 = l4;
    }

    public static readonly FieldElement Zero = new(0, 0, 0, 0, 0);
    public static readonly FieldElement One = new(1, 0, 0, 0, 0);

    public static readonly BigInteger P = (BigInteger.One << 255) - 19;

    private static readonly byte[] PMinus2 = ExponentBytes(P - 2);
    private static readonly byte[] PMinus5Over8 = ExponentBytes((P - 5) / 8);

    public static FieldElement FromInt(uint value) => new(value, 0, 0, 0, 0);

    /// <summary>Reads 32 little-endian bytes, ignoring the top bit (values ≥ p are accepted and reduced).</summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException("A field element is 32 bytes.", nameof(bytes));
        return new FieldElement(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[6..]) >> 3) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]) >> 6) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[19..]) >> 1) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]) >> 12) & Mask51);
    }

    /// <summary>The canonical encoding: the unique representative in [0, p), 32 little-endian bytes.</summary>
    public byte[] ToBytes()
    {
        // Two carry passes bring the value below 2^255 + 2^13, which is below 2p.
        ulong t0 = _l0, t1 = _l1, t2 = _l2, t3 = _l3, t4 = _l4;
        for (var pass = 0; pass < 2; pass++)
        {
            t1 += t0 >> 51; t0 &= Mask51;
            t2 += t1 >> 51; t1 &= Mask51;
            t3 += t2 >> 51; t2 &= Mask51;
            t4 += t3 >> 51; t3 &= Mask51;
            t0 += 19 * (t4 >> 51); t4 &= Mask51;
        }
        // q = 1 exactly when value + 19 reaches 2^255, i.e. when value ≥ p; then subtract p as "+19, drop bit 255".
        var q = (t0 + 19) >> 51;
        q = (t1 + q) >> 51;
        q = (t2 + q) >> 51;
        q = (t3 + q) >> 51;
        q = (t4 + q) >> 51;
        t0 += 19 * q;
        t1 += t0 >> 51; t0 &= Mask51;
        t2 += t1 >> 51; t1 &= Mask51;
        t3 += t2 >> 51; t2 &= Mask51;
        t4 += t3 >> 51; t3 &= Mask51;
        t4 &= Mask51;

        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, t0 | (t1 << 51));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (t1 >> 13) | (t2 << 38));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (t2 >> 26) | (t3 << 25));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), (t3 >> 39) | (t4 << 12));
        return bytes;
    }

    /// <summary>Whether the canonical value is odd (the "sign" of an Edwards x-coordinate).</summary>
    public bool IsNegative => (ToBytes()[0] & 1) == 1;

    /// <summary>Whether the value is 0 mod p; not constant-time.</summary>
    public bool IsZero => ToBytes().AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Equality mod p, compared in constant time.</summary>
    public bool Equals(FieldElement other) => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(ToBytes(), other.ToBytes());

    public static FieldElement operator +(FieldElement a, FieldElement b) =>
        Carry(a._l0 + b._l0, a._l1 + b._l1, a._l2 + b._l2, a._l3 + b._l3, a._l4 + b._l4);

    /// <summary>a - b computed as a + 2p - b so that no limb goes negative (b's limbs are below 2^52 - 38).</summary>
    public static FieldElement operator -(FieldElement a, FieldElement b) =>
        Carry(a._l0 + 0xFFFFFFFFFFFDA - b._l0, a._l1 + 0xFFFFFFFFFFFFE - b._l1, a._l2 + 0xFFFFFFFFFFFFE - b._l2,
            a._l3 + 0xFFFFFFFFFFFFE - b._l3, a._l4 + 0xFFFFFFFFFFFFE - b._l4);

    public static FieldElement operator -(FieldElement a) => Zero - a;

    public static FieldElement operator *(FieldElement a, FieldElement b)
    {
        ulong a0 = a._l0, a1 = a._l1, a2 = a._l2, a3 = a._l3, a4 = a._l4;
        ulong b0 = b._l0, b1 = b._l1, b2 = b._l2, b3 = b._l3, b4 = b._l4;
        ulong b1x19 = b1 * 19, b2x19 = b2 * 19, b3x19 = b3 * 19, b4x19 = b4 * 19;

        Wide r0 = default, r1 = default, r2 = default, r3 = default, r4 = default;
        r0.Add(a0, b0); r0.Add(a1, b4x19); r0.Add(a2, b3x19); r0.Add(a3, b2x19); r0.Add(a4, b1x19);
        r1.Add(a0, b1); r1.Add(a1, b0); r1.Add(a2, b4x19); r1.Add(a3, b3x19); r1.Add(a4, b2x19);
        r2.Add(a0, b2); r2.Add(a1, b1); r2.Add(a2, b0); r2.Add(a3, b4x19); r2.Add(a4, b3x19);
        r3.Add(a0, b3); r3.Add(a1, b2); r3.Add(a2, b1); r3.Add(a3, b0); r3.Add(a4, b4x19);
        r4.Add(a0, b4); r4.Add(a1, b3); r4.Add(a2, b2); r4.Add(a3, b1); r4.Add(a4, b0);
        return CarryWide(r0, r1, r2, r3, r4);
    }

    public FieldElement Square()
    {
        ulong a0 = _l0, a1 = _l1, a2 = _l2, a3 = _l3, a4 = _l4;
        ulong a0x2 = a0 * 2, a1x2 = a1 * 2, a3x19 = a3 * 19, a4x19 = a4 * 19;

        Wide r0 = default, r1 = default, r2 = default, r3 = default, r4 = default;
        r0.Add(a0, a0); r0.Add(a1x2, a4x19); r0.Add(a2 * 2, a3x19);
        r1.Add(a0x2, a1); r1.Add(a2 * 2, a4x19); r1.Add(a3, a3x19);
        r2.Add(a0x2, a2); r2.Add(a1, a1); r2.Add(a3 * 2, a4x19);
        r3.Add(a0x2, a3); r3.Add(a1x2, a2); r3.Add(a4, a4x19);
        r4.Add(a0x2, a4); r4.Add(a1x2, a3); r4.Add(a2, a2);
        return CarryWide(r0, r1, r2, r3, r4);
    }

    /// <summary>a^(p-2) = 1/a (and 0 for 0).</summary>
    public FieldElement Invert() => Pow(PMinus2);

    /// <summary>a^((p-5)/8), the core of the square root in Edwards point decoding.</summary>
    public FieldElement PowPMinus5Over8() => Pow(PMinus5Over8);

    /// <summary>Square-and-multiply over a public exponent (little-endian bytes).</summary>
    public FieldElement Pow(ReadOnlySpan<byte> exponent)
    {
        var result = One;
        for (var bit = exponent.Length * 8 - 1; bit >= 0; bit--)
        {
            result = result.Square();
            if (((exponent[bit >> 3] >> (bit & 7)) & 1) == 1) result *= this;
        }
        return result;
    }

    /// <summary>Returns <paramref name="b"/> when <paramref name="choice"/> is 1 and <paramref name="a"/> when 0, without branching.</summary>
    public static FieldElement Select(FieldElement a, FieldElement b, ulong choice)
    {
        var mask = 0 - choice;
        return new FieldElement(
            a._l0 ^ ((a._l0 ^ b._l0) & mask), a._l1 ^ ((a._l1 ^ b._l1) & mask), a._l2 ^ ((a._l2 ^ b._l2) & mask),
            a._l3 ^ ((a._l3 ^ b._l3) & mask), a._l4 ^ ((a._l4 ^ b._l4) & mask));
    }

    /// <summary>Swaps <paramref name="a"/> and <paramref name="b"/> when <paramref name="choice"/> is 1, without branching.</summary>
    public static void ConditionalSwap(ref FieldElement a, ref FieldElement b, ulong choice)
    {
        var newA = Select(a, b, choice);
        b = Select(b, a, choice);
        a = newA;
    }

    /// <summary>A 128-bit accumulator of 64×64-bit products (Math.BigMul is a single instruction; UInt128 arithmetic is not).</summary>
    private struct Wide
    {
        public ulong Low, High;

        public void Add(ulong a, ulong b)
        {
            var high = Math.BigMul(a, b, out var low);
            Low += low;
            High += high + (Low < low ? 1UL : 0UL);
        }

        /// <summary>Bits 51 and up (the value is below 2^115, so they fit in 64 bits).</summary>
        public readonly ulong CarryOut => (Low >> 51) | (High << 13);

        public void AddCarry(ulong carry)
        {
            Low += carry;
            High += Low < carry ? 1UL : 0UL;
        }
    }

    private static FieldElement Carry(ulong a0, ulong a1, ulong a2, ulong a3, ulong a4)
    {
        a1 += a0 >> 51; a0 &= Mask51;
        a2 += a1 >> 51; a1 &= Mask51;
        a3 += a2 >> 51; a2 &= Mask51;
        a4 += a3 >> 51; a3 &= Mask51;
        a0 += 19 * (a4 >> 51); a4 &= Mask51;
        a1 += a0 >> 51; a0 &= Mask51;
        return new FieldElement(a0, a1, a2, a3, a4);
    }

    private static FieldElement CarryWide(Wide r0, Wide r1, Wide r2, Wide r3, Wide r4)
    {
        r1.AddCarry(r0.CarryOut);
        r2.AddCarry(r1.CarryOut);
        r3.AddCarry(r2.CarryOut);
        r4.AddCarry(r3.CarryOut);
        // r4 holds no ×19 terms, so its carry is below 2^57 and 19 times it still fits a limb's 64 bits.
        var l0 = (r0.Low & Mask51) + 19 * r4.CarryOut;
        var l1 = (r1.Low & Mask51) + (l0 >> 51);
        return new FieldElement(l0 & Mask51, l1, r2.Low & Mask51, r3.Low & Mask51, r4.Low & Mask51);
    }

    private static byte[] ExponentBytes(BigInteger exponent) => exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
}
