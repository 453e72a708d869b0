using System.Numerics;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// Raw RSA (RFC 8017 §5: RSAEP/RSAVP1 and RSADP/RSASP1), for the paddings the platform can't parameterise: OAEP
/// with a label and PSS with a salt length other than the hash length.
/// </summary>
/// <remarks>
/// <see cref="BigInteger.ModPow"/> does not run in constant time. The private operation therefore blinds its input
/// with a fresh random r (computing (c·r^e)^d·r⁻¹), so its timing is uncorrelated with the ciphertext or message an
/// attacker chooses, and checks the result against the public key so a fault in the CRT path can't leak a prime.
/// It costs a few milliseconds for 2048-bit keys; the platform's constant-time code handles every other RSA call.
/// </remarks>
internal sealed class RsaPrimitive
{
    private readonly RSAParameters _parameters;
    private readonly BigInteger _n;
    private readonly BigInteger _e;

    public RsaPrimitive(RSA key, bool includePrivate)
    {
        _parameters = key.ExportParameters(includePrivate);
        _n = RsaMath.FromBytes(_parameters.Modulus);
        _e = RsaMath.FromBytes(_parameters.Exponent);
        ModulusBits = (int)_n.GetBitLength();
        ModulusBytes = (ModulusBits + 7) / 8;
    }

    public int ModulusBits { get; }
    public int ModulusBytes { get; }

    /// <summary>m^e mod n for a k-byte input below n; null when the input is out of range.</summary>
    public byte[]? Public(ReadOnlySpan<byte> input)
    {
        var x = RsaMath.FromBytes(input);
        if (input.Length != ModulusBytes || x >= _n) return null;
        return RsaMath.ToBytes(BigInteger.ModPow(x, _e, _n), ModulusBytes);
    }

    /// <summary>c^d mod n with blinding, CRT and a public-key check of the result.</summary>
    public byte[] Private(ReadOnlySpan<byte> input)
    {
        var c = RsaMath.FromBytes(input);
        if (c >= _n) throw new WebCryptoException("The RSA input is not below the modulus.");
        var p = RsaMath.FromBytes(_parameters.P);
        var q = RsaMath.FromBytes(_parameters.Q);

        BigInteger r;
        do r = RsaMath.RandomBelow(_n);
        while (!BigInteger.GreatestCommonDivisor(r, _n).IsOne);
        var blinded = c * BigInteger.ModPow(r, _e, _n) % _n;

        var m1 = BigInteger.ModPow(blinded, RsaMath.FromBytes(_parameters.DP), p);
        var m2 = BigInteger.ModPow(blinded, RsaMath.FromBytes(_parameters.DQ), q);
        var h = RsaMath.FromBytes(_parameters.InverseQ) * (m1 - m2) % p;
        if (h.Sign < 0) h += p;
        var m = (m2 + h * q) * RsaMath.ModInverse(r, _n) % _n;

        if (BigInteger.ModPow(m, _e, _n) != c) throw new CryptographicException("The RSA private-key operation failed its consistency check.");
        return RsaMath.ToBytes(m, ModulusBytes);
    }
}
