using System.Numerics;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Rsa;

/// <summary>Integer helpers for RSA over <see cref="BigInteger"/> (big-endian byte conversions, inverses, primality).</summary>
internal static class RsaMath
{
    public static BigInteger FromBytes(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    /// <summary>I2OSP (RFC 8017 §4.1): exactly <paramref name="length"/> big-endian bytes.</summary>
    public static byte[] ToBytes(BigInteger value, int length)
    {
        var bytes = new byte[length];
        var count = value.GetByteCount(isUnsigned: true);
        if (count > length) throw new ArgumentOutOfRangeException(nameof(value), "The integer is too large.");
        value.TryWriteBytes(bytes.AsSpan(length - count), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    public static byte[] ToMinimalBytes(BigInteger value) => value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>a⁻¹ mod m by the extended Euclidean algorithm; throws when gcd(a, m) ≠ 1.</summary>
    public static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger r0 = m, r1 = ((a % m) + m) % m, t0 = 0, t1 = 1;
        while (!r1.IsZero)
        {
            var q = BigInteger.DivRem(r0, r1, out var r2);
            (r0, r1) = (r1, r2);
            (t0, t1) = (t1, t0 - q * t1);
        }
        if (!r0.IsOne) throw new ArithmeticException("The value has no inverse.");
        return t0.Sign < 0 ? t0 + m : t0;
    }

    /// <summary>A uniformly random integer in [1, bound).</summary>
    public static BigInteger RandomBelow(BigInteger bound)
    {
        var bytes = new byte[bound.GetByteCount(isUnsigned: true)];
        var excessBits = bytes.Length * 8 - (int)bound.GetBitLength();
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= (byte)(0xFF >> excessBits);
            var value = FromBytes(bytes);
            if (!value.IsZero && value < bound) return value;
        }
    }

    /// <summary>Miller–Rabin with random bases (FIPS 186-5 B.3.1).</summary>
    public static bool IsProbablePrime(BigInteger n, int rounds)
    {
        if (n < 4) return n == 2 || n == 3;
        if (n.IsEven) return false;
        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }
        for (var round = 0; round < rounds; round++)
        {
            var a = RandomBelow(n - 3) + 1; // in [2, n-2]
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1) continue;
            var composite = true;
            for (var i = 1; i < s && composite; i++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) composite = false;
            }
            if (composite) return false;
        }
        return true;
    }
}
