using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// RSA keys through the platform's <see cref="RSA"/>, which rejects inconsistent private keys (OpenSSL's
/// RSA_check_key). Generation follows Workers' limits: a modulus of 256..16384 bits in steps of 8, e = 3 or 65537;
/// the platform generates what it can (e = 65537 from 512 bits), BouncyCastle's generator the rest.
/// </summary>
internal static class RsaKeys
{
    private static readonly BigInteger F4 = BigInteger.ValueOf(65537);

    /// <summary>
    /// Workers' checks and messages, in its order (workerd's <c>api/crypto/rsa.c++</c>): a positive length, then a
    /// multiple of 8 in 256..16384, then the exponent. The cap on the size is what bounds generation's cost.
    /// </summary>
    public static KeyPairDer Generate(int? modulusLength, byte[]? publicExponent)
    {
        var bits = modulusLength ?? throw new WebCryptoException("RSA key generation requires a modulusLength.");
        if (bits <= 0) throw WebCryptoException.Operation($"modulusLength must be greater than zero (requested {bits}).");
        if (bits % 8 != 0 || bits < 256 || bits > 16384)
            throw WebCryptoException.Operation($"The modulus length must be a multiple of 8 and between 256 and 16k, but {bits} was requested.");
        var exponentBytes = publicExponent ?? throw new WebCryptoException("RSA key generation requires a publicExponent.");
        var e = Unsigned(exponentBytes);
        if (!e.Equals(BigInteger.Three) && !e.Equals(F4))
            throw WebCryptoException.Operation($"The \"publicExponent\" must be either 3 or 65537, but got {e}.");

        using var key = RSA.Create();
        if (e.Equals(F4) && bits >= key.LegalKeySizes.Min(sizes => sizes.MinSize)) key.KeySize = bits; // generated on first use
        else key.ImportParameters(GenerateOutsideThePlatform(bits, e));
        return new KeyPairDer(key.ExportSubjectPublicKeyInfo(), key.ExportPkcs8PrivateKey());
    }

    /// <summary>
    /// e = 3, or a modulus below the platform's 512-bit minimum: BouncyCastle's generator (primes of half the size
    /// each, n of exactly <paramref name="bits"/> bits, |p - q| large, d above the square root of n).
    /// </summary>
    private static RSAParameters GenerateOutsideThePlatform(int bits, BigInteger e)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(e, new SecureRandom(), bits, certainty: 100));
        var key = (RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private;
        var k = (bits + 7) / 8;
        var half = (k + 1) / 2;
        return new RSAParameters
        {
            Modulus = BigIntegers.AsUnsignedByteArray(k, key.Modulus),
            Exponent = key.PublicExponent.ToByteArrayUnsigned(),
            D = BigIntegers.AsUnsignedByteArray(k, key.Exponent),
            P = BigIntegers.AsUnsignedByteArray(half, key.P),
            Q = BigIntegers.AsUnsignedByteArray(half, key.Q),
            DP = BigIntegers.AsUnsignedByteArray(half, key.DP),
            DQ = BigIntegers.AsUnsignedByteArray(half, key.DQ),
            InverseQ = BigIntegers.AsUnsignedByteArray(half, key.QInv),
        };
    }

    public static ImportedKey ImportDer(string format, ReadOnlySpan<byte> data)
    {
        switch (format)
        {
            case "spki":
            {
                using var key = LoadPublic(data);
                return Describe(key, "public", key.ExportSubjectPublicKeyInfo());
            }
            case "pkcs8":
            {
                using var key = LoadPrivate(data);
                return Describe(key, "private", key.ExportPkcs8PrivateKey());
            }
            default:
                throw new WebCryptoException($"Unsupported key format '{format}' for RSA.");
        }
    }

    /// <summary>
    /// n and e, plus d for a private key with either all of p, q, dp, dq, qi or none of them (RFC 7518 §6.3.2);
    /// without them the primes are recovered from n, e and d.
    /// </summary>
    public static ImportedKey ImportJwk(Jwk jwk)
    {
        jwk.ExpectText("kty", "RSA");
        if (jwk.Has("oth")) throw new WebCryptoException("RSA keys with more than two primes ('oth') are not supported.");
        var n = Unsigned(jwk.Bytes("n"));
        var e = Unsigned(jwk.Bytes("e"));
        var k = (n.BitLength + 7) / 8;
        var parameters = new RSAParameters { Modulus = Fixed(n, k, "n"), Exponent = Minimal(e) };
        if (jwk.Has("d"))
        {
            var d = Unsigned(jwk.Bytes("d"));
            string[] crt = ["p", "q", "dp", "dq", "qi"];
            var present = crt.Count(jwk.Has);
            if (present is not (0 or 5)) throw new WebCryptoException("An RSA private JWK must have all of 'p', 'q', 'dp', 'dq', 'qi' or none of them.");
            var (p, q) = present == 5 ? (Unsigned(jwk.Bytes("p")), Unsigned(jwk.Bytes("q"))) : RecoverPrimes(n, e, d);
            var half = (k + 1) / 2;
            parameters.D = Fixed(d, k, "d");
            parameters.P = Fixed(p, half, "p");
            parameters.Q = Fixed(q, half, "q");
            parameters.DP = Fixed(present == 5 ? Unsigned(jwk.Bytes("dp")) : d.Mod(p.Subtract(BigInteger.One)), half, "dp");
            parameters.DQ = Fixed(present == 5 ? Unsigned(jwk.Bytes("dq")) : d.Mod(q.Subtract(BigInteger.One)), half, "dq");
            parameters.InverseQ = Fixed(present == 5 ? Unsigned(jwk.Bytes("qi")) : q.ModInverse(p), half, "qi");
        }
        using var key = RSA.Create();
        KeyDer.Parse("RSA JWK", () =>
        {
            key.ImportParameters(parameters);
            return true;
        });
        CheckPublic(key);
        return parameters.D is null
            ? Describe(key, "public", key.ExportSubjectPublicKeyInfo())
            : Describe(key, "private", key.ExportPkcs8PrivateKey());
    }

    /// <summary>Every member as a Base64urlUInt (no leading zero octets), as JWA requires for n and e.</summary>
    public static Dictionary<string, string> ExportJwk(bool isPrivate, ReadOnlySpan<byte> der)
    {
        using var key = isPrivate ? LoadPrivate(der) : LoadPublic(der);
        var parameters = key.ExportParameters(isPrivate);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["n"] = Jwk.EncodeUnsigned(parameters.Modulus),
            ["e"] = Jwk.EncodeUnsigned(parameters.Exponent),
        };
        if (!isPrivate) return jwk;
        jwk["d"] = Jwk.EncodeUnsigned(parameters.D);
        jwk["p"] = Jwk.EncodeUnsigned(parameters.P);
        jwk["q"] = Jwk.EncodeUnsigned(parameters.Q);
        jwk["dp"] = Jwk.EncodeUnsigned(parameters.DP);
        jwk["dq"] = Jwk.EncodeUnsigned(parameters.DQ);
        jwk["qi"] = Jwk.EncodeUnsigned(parameters.InverseQ);
        return jwk;
    }

    public static RSA LoadPublic(ReadOnlySpan<byte> spki) => Load(spki, isPrivate: false);

    public static RSA LoadPrivate(ReadOnlySpan<byte> pkcs8) => Load(pkcs8, isPrivate: true);

    private static RSA Load(ReadOnlySpan<byte> der, bool isPrivate)
    {
        if (isPrivate) KeyDer.ExpectPkcs8(der, KeyKinds.Rsa);
        else KeyDer.ReadSpki(der, KeyKinds.Rsa);
        var key = RSA.Create();
        try
        {
            var bytes = der.ToArray();
            KeyDer.Parse(isPrivate ? "RSA PKCS #8" : "RSA SubjectPublicKeyInfo", () =>
            {
                if (isPrivate) key.ImportPkcs8PrivateKey(bytes, out _);
                else key.ImportSubjectPublicKeyInfo(bytes, out _);
                return true;
            });
            CheckPublic(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>What OpenSSL leaves unchecked on public keys: an odd modulus and an odd exponent in [3, n).</summary>
    private static void CheckPublic(RSA key)
    {
        var parameters = key.ExportParameters(false);
        var n = Unsigned(parameters.Modulus);
        var e = Unsigned(parameters.Exponent);
        if (!n.TestBit(0)) throw new WebCryptoException("The RSA modulus must be odd.");
        if (!e.TestBit(0) || e.CompareTo(BigInteger.Three) < 0 || e.CompareTo(n) >= 0)
            throw new WebCryptoException("The RSA public exponent must be odd, at least 3, and below the modulus.");
    }

    private static ImportedKey Describe(RSA key, string type, byte[] der)
    {
        var parameters = key.ExportParameters(false);
        return new ImportedKey(type, der, ModulusLength: Unsigned(parameters.Modulus).BitLength, PublicExponent: Minimal(Unsigned(parameters.Exponent)));
    }

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(1, bigEndian);

    /// <summary>Big-endian without leading zeros (zero itself is one zero byte).</summary>
    private static byte[] Minimal(BigInteger value) => value.SignValue == 0 ? [0] : value.ToByteArrayUnsigned();

    private static byte[] Fixed(BigInteger value, int length, string member) =>
        BigIntegers.GetUnsignedByteLength(value) <= length
            ? BigIntegers.AsUnsignedByteArray(length, value)
            : throw new WebCryptoException($"The JWK member '{member}' is longer than the modulus allows.");

    /// <summary>
    /// Factors n given e and d (NIST SP 800-56B Rev. 2, Appendix C.2): d·e - 1 = 2^t·r is a multiple of λ(n), so for
    /// a random g some g^(r·2^i) is a non-trivial square root of 1, and gcd(that - 1, n) is a prime factor. No library
    /// here does this (the platform and BouncyCastle both need p and q to build a private key); the arithmetic is
    /// BouncyCastle's, and a wrong result is caught when the platform checks the assembled key.
    /// </summary>
    private static (BigInteger P, BigInteger Q) RecoverPrimes(BigInteger n, BigInteger e, BigInteger d)
    {
        var k = d.Multiply(e).Subtract(BigInteger.One);
        if (k.SignValue <= 0 || k.TestBit(0) || n.CompareTo(BigInteger.ValueOf(15)) < 0)
            throw new WebCryptoException("The RSA private exponent does not match the public key.");
        var t = k.GetLowestSetBit();
        var r = k.ShiftRight(t);
        var nMinusOne = n.Subtract(BigInteger.One);
        var random = new SecureRandom();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var g = BigIntegers.CreateRandomInRange(BigInteger.Two, nMinusOne.Subtract(BigInteger.One), random);
            var y = g.ModPow(r, n);
            if (y.Equals(BigInteger.One) || y.Equals(nMinusOne)) continue;
            for (var i = 1; i <= t; i++)
            {
                var x = y.ModPow(BigInteger.Two, n);
                if (x.Equals(BigInteger.One))
                {
                    var p = y.Subtract(BigInteger.One).Gcd(n);
                    var q = n.Divide(p);
                    return p.CompareTo(q) > 0 ? (p, q) : (q, p);
                }
                if (x.Equals(nMinusOne)) break;
                y = x;
            }
        }
        throw new WebCryptoException("The RSA private exponent does not match the public key.");
    }
}
