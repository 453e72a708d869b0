namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493, on little-endian byte
/// strings. Numbers are held as signed radix-2^8 digits in <c>long</c>s and reduced by folding: 2^252 ≡ -c (mod L)
/// with c = L - 2^252 (16 bytes), so the digit at 2^(8i), i ≥ 32, equals -16·c·2^(8(i-32)). No branch or memory
/// access depends on the values.
/// </summary>
internal static class ScalarModL
{
    /// <summary>L, little-endian; bytes 16..30 are zero and byte 31 is 0x10 (the 2^252 term).</summary>
    private static readonly long[] L =
    [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];

    /// <summary>x mod L for a little-endian x of up to 64 bytes (a SHA-512 output).</summary>
    public static byte[] Reduce(ReadOnlySpan<byte> x)
    {
        var digits = new long[64];
        for (var i = 0; i < x.Length; i++) digits[i] = x[i];
        return Reduce(digits);
    }

    /// <summary>(a·b + c) mod L for 32-byte little-endian a, b, c (Ed25519's S = r + k·s).</summary>
    public static byte[] MultiplyAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var digits = new long[64];
        for (var i = 0; i < 32; i++) digits[i] = c[i];
        for (var i = 0; i < 32; i++)
            for (var j = 0; j < 32; j++)
                digits[i + j] += (long)a[i] * b[j];
        return Reduce(digits);
    }

    /// <summary>Whether the 32-byte little-endian s is below L (canonical), compared in constant time.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s)
    {
        // Subtract L and look at the final borrow: s < L exactly when s - L underflows.
        long borrow = 0;
        for (var i = 0; i < 32; i++) borrow = (s[i] - L[i] + borrow) >> 8;
        return borrow != 0;
    }

    private static byte[] Reduce(long[] x)
    {
        // Fold digits 63..32 into lower positions; each step leaves a carry in the top digit it touches.
        for (var i = 63; i >= 32; i--)
        {
            long carry = 0;
            int j;
            for (j = i - 32; j < i - 12; j++)
            {
                x[j] += carry - 16 * x[i] * L[j - (i - 32)];
                carry = (x[j] + 128) >> 8;
                x[j] -= carry << 8;
            }
            x[j] += carry;
            x[i] = 0;
        }

        // Now x < 2^256·(small): subtract (x >> 252)·L once, normalising digits to 0..255 along the way ...
        long top = 0;
        for (var j = 0; j < 32; j++)
        {
            x[j] += top - (x[31] >> 4) * L[j];
            top = x[j] >> 8;
            x[j] &= 255;
        }
        // ... and add L back if that went negative (top is then -1).
        for (var j = 0; j < 32; j++) x[j] -= top * L[j];

        var result = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            x[i + 1] += x[i] >> 8;
            result[i] = (byte)(x[i] & 255);
        }
        return result;
    }
}
