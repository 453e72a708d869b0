using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// RSA key generation that can be stopped between prime candidates, for moduli above 4096 bits. Generating a 16384-bit
/// key takes minutes, and neither the platform (OpenSSL) nor BouncyCastle's generator can be interrupted: a worker
/// could keep a core busy long after its CPU budget or its client had gone. This is BouncyCastle's arithmetic
/// (probable-prime tests, modular inverses) driven by a loop of our own that calls <c>checkpoint</c> before every
/// candidate and every Miller–Rabin round, so the host stops the work within one modular exponentiation.
/// </summary>
/// <remarks>
/// The primes are those FIPS 186-4 (B.3.3) asks for: each of half the modulus size with its two top bits set (so n has
/// exactly the requested size), e coprime to p - 1, |p - q| above 2^(bits/2 - 100), and Miller–Rabin rounds with
/// random bases after trial division, as many as table C.3 gives for an error below 2^-100 (4 rounds from 1536-bit
/// primes). The key is then checked by the platform when it imports it (RSA_check_key).
/// </remarks>
internal static class InterruptibleRsaGenerator
{
    private const int Rounds = 4;

    public static RSAParameters Generate(int bits, BigInteger e, Action checkpoint)
    {
        var random = new SecureRandom();
        int half = bits / 2;
        while (true)
        {
            BigInteger p = Prime(half, e, random, checkpoint);
            BigInteger q = Prime(bits - half, e, random, checkpoint);
            if (p.Subtract(q).Abs().BitLength <= half - 100) continue;
            BigInteger n = p.Multiply(q);
            if (n.BitLength != bits) continue;
            if (p.CompareTo(q) < 0) (p, q) = (q, p);
            BigInteger lambda = p.Subtract(BigInteger.One).Multiply(q.Subtract(BigInteger.One))
                .Divide(p.Subtract(BigInteger.One).Gcd(q.Subtract(BigInteger.One)));
            BigInteger d = e.ModInverse(lambda);
            if (d.BitLength <= half) continue;  // FIPS 186-4: d > 2^(nlen/2)
            int k = (bits + 7) / 8, h = (k + 1) / 2;
            return new RSAParameters
            {
                Modulus = BigIntegers.AsUnsignedByteArray(k, n),
                Exponent = e.ToByteArrayUnsigned(),
                D = BigIntegers.AsUnsignedByteArray(k, d),
                P = BigIntegers.AsUnsignedByteArray(h, p),
                Q = BigIntegers.AsUnsignedByteArray(h, q),
                DP = BigIntegers.AsUnsignedByteArray(h, d.Mod(p.Subtract(BigInteger.One))),
                DQ = BigIntegers.AsUnsignedByteArray(h, d.Mod(q.Subtract(BigInteger.One))),
                InverseQ = BigIntegers.AsUnsignedByteArray(h, q.ModInverse(p)),
            };
        }
    }

    private static BigInteger Prime(int bits, BigInteger e, SecureRandom random, Action checkpoint)
    {
        while (true)
        {
            checkpoint();
            BigInteger candidate = new BigInteger(bits, random).SetBit(bits - 1).SetBit(bits - 2).SetBit(0);
            if (!e.Gcd(candidate.Subtract(BigInteger.One)).Equals(BigInteger.One)) continue;
            // Trial division by small primes, then one Miller–Rabin round (most composites stop at the division).
            if (!candidate.IsProbablePrime(1)) continue;
            bool prime = true;
            for (int round = 1; round < Rounds && prime; round++)
            {
                checkpoint();
                prime = candidate.RabinMillerTest(1, random);
            }
            if (prime) return candidate;
        }
    }
}
