using System.Numerics;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// RSA key generation for what the platform can't do: it always uses e = 65537 and at least 512 bits, while Web
/// Crypto on Workers also allows e = 3 and moduli from 256 bits. Primes have their top two bits set (so n has
/// exactly the requested length), pass a small-prime sieve, satisfy gcd(e, p-1) = 1, and then Miller–Rabin.
/// </summary>
internal static class RsaKeyGenerator
{
    private static readonly int[] SmallPrimes = SieveOfEratosthenes(2000);

    public static RSAParameters Generate(int modulusBits, BigInteger e)
    {
        var primeBits = modulusBits / 2;
        while (true)
        {
            var p = RandomPrime(primeBits, e);
            var q = RandomPrime(modulusBits - primeBits, e);
            if (p == q) continue;
            if (p < q) (p, q) = (q, p);
            var n = p * q;
            if (n.GetBitLength() != modulusBits) continue;
            var lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
            var d = RsaMath.ModInverse(e, lambda);
            var k = (modulusBits + 7) / 8;
            var half = (k + 1) / 2;
            return new RSAParameters
            {
                Modulus = RsaMath.ToBytes(n, k),
                Exponent = RsaMath.ToMinimalBytes(e),
                D = RsaMath.ToBytes(d, k),
                P = RsaMath.ToBytes(p, half),
                Q = RsaMath.ToBytes(q, half),
                DP = RsaMath.ToBytes(d % (p - 1), half),
                DQ = RsaMath.ToBytes(d % (q - 1), half),
                InverseQ = RsaMath.ToBytes(RsaMath.ModInverse(q, p), half),
            };
        }
    }

    private static BigInteger RandomPrime(int bits, BigInteger e)
    {
        var bytes = new byte[(bits + 7) / 8];
        var excessBits = bytes.Length * 8 - bits;
        // Error below 2^-100 for random candidates (FIPS 186-5 Table B.1 uses fewer rounds for larger primes).
        var rounds = bits >= 1024 ? 5 : bits >= 512 ? 8 : 40;
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= (byte)(0xFF >> excessBits);
            bytes[0] |= (byte)(0xC0 >> excessBits);
            bytes[^1] |= 1;
            var candidate = RsaMath.FromBytes(bytes);
            if (HasSmallFactor(candidate)) continue;
            if (!BigInteger.GreatestCommonDivisor(candidate - 1, e).IsOne) continue;
            if (RsaMath.IsProbablePrime(candidate, rounds)) return candidate;
        }
    }

    private static bool HasSmallFactor(BigInteger candidate)
    {
        foreach (var prime in SmallPrimes)
        {
            if (candidate == prime) return false;
            if ((candidate % prime).IsZero) return true;
        }
        return false;
    }

    private static int[] SieveOfEratosthenes(int limit)
    {
        var composite = new bool[limit + 1];
        var primes = new List<int>();
        for (var i = 2; i <= limit; i++)
        {
            if (composite[i]) continue;
            primes.Add(i);
            for (var j = i * i; j <= limit; j += i) composite[j] = true;
        }
        return [.. primes];
    }
}
