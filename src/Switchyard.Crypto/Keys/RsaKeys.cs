using System.Numerics;
using System.Security.Cryptography;
using Switchyard.Crypto.Rsa;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// RSA keys through the platform's <see cref="RSA"/>, which rejects inconsistent private keys (OpenSSL's
/// RSA_check_key). Generation follows Workers' limits: a modulus of 256..16384 bits in steps of 8, e = 3 or 65537.
/// </summary>
internal static class RsaKeys
{
    public static KeyPairDer Generate(int? modulusLength, byte[]? publicExponent)
    {
        var bits = modulusLength ?? throw new WebCryptoException("RSA key generation requires a modulusLength.");
        if (bits % 8 != 0 || bits < 256 || bits > 16384)
            throw new WebCryptoException($"The modulus length must be a multiple of 8 and between 256 and 16384, but {bits} was requested.");
        var exponentBytes = publicExponent ?? throw new WebCryptoException("RSA key generation requires a publicExponent.");
        var e = RsaMath.FromBytes(exponentBytes);
        if (e != 3 && e != 65537) throw new WebCryptoException($"The \"publicExponent\" must be either 3 or 65537, but got {e}.");

        using var key = RSA.Create();
        if (e == 65537 && bits >= key.LegalKeySizes.Min(sizes => sizes.MinSize)) key.KeySize = bits; // generated on first use
        else key.ImportParameters(RsaKeyGenerator.Generate(bits, e));
        return new KeyPairDer(key.ExportSubjectPublicKeyInfo(), key.ExportPkcs8PrivateKey());
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
        var n = RsaMath.FromBytes(jwk.Bytes("n"));
        var e = RsaMath.FromBytes(jwk.Bytes("e"));
        var k = n.GetByteCount(isUnsigned: true);
        var parameters = new RSAParameters { Modulus = RsaMath.ToBytes(n, k), Exponent = RsaMath.ToMinimalBytes(e) };
        if (jwk.Has("d"))
        {
            var d = RsaMath.FromBytes(jwk.Bytes("d"));
            string[] crt = ["p", "q", "dp", "dq", "qi"];
            var present = crt.Count(jwk.Has);
            if (present is not (0 or 5)) throw new WebCryptoException("An RSA private JWK must have all of 'p', 'q', 'dp', 'dq', 'qi' or none of them.");
            var (p, q) = present == 5 ? (RsaMath.FromBytes(jwk.Bytes("p")), RsaMath.FromBytes(jwk.Bytes("q"))) : RecoverPrimes(n, e, d);
            var half = (k + 1) / 2;
            parameters.D = Fixed(d, k, "d");
            parameters.P = Fixed(p, half, "p");
            parameters.Q = Fixed(q, half, "q");
            parameters.DP = Fixed(present == 5 ? RsaMath.FromBytes(jwk.Bytes("dp")) : d % (p - 1), half, "dp");
            parameters.DQ = Fixed(present == 5 ? RsaMath.FromBytes(jwk.Bytes("dq")) : d % (q - 1), half, "dq");
            parameters.InverseQ = Fixed(present == 5 ? RsaMath.FromBytes(jwk.Bytes("qi")) : RsaMath.ModInverse(q, p), half, "qi");
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
        var n = RsaMath.FromBytes(parameters.Modulus);
        var e = RsaMath.FromBytes(parameters.Exponent);
        if (n.IsEven) throw new WebCryptoException("The RSA modulus must be odd.");
        if (e.IsEven || e < 3 || e >= n) throw new WebCryptoException("The RSA public exponent must be odd, at least 3, and below the modulus.");
    }

    private static ImportedKey Describe(RSA key, string type, byte[] der)
    {
        var parameters = key.ExportParameters(false);
        var n = RsaMath.FromBytes(parameters.Modulus);
        var e = RsaMath.FromBytes(parameters.Exponent);
        return new ImportedKey(type, der, ModulusLength: (int)n.GetBitLength(), PublicExponent: RsaMath.ToMinimalBytes(e));
    }

    private static byte[] Fixed(BigInteger value, int length, string member) =>
        value.GetByteCount(isUnsigned: true) <= length
            ? RsaMath.ToBytes(value, length)
            : throw new WebCryptoException($"The JWK member '{member}' is longer than the modulus allows.");

    /// <summary>
    /// Factors n given e and d (NIST SP 800-56B Rev. 2, Appendix C.2): d·e - 1 = 2^t·r is a multiple of λ(n), so for
    /// a random g some g^(r·2^i) is a non-trivial square root of 1, and gcd(that - 1, n) is a prime factor.
    /// </summary>
    private static (BigInteger P, BigInteger Q) RecoverPrimes(BigInteger n, BigInteger e, BigInteger d)
    {
        var k = d * e - 1;
        if (k.Sign <= 0 || !k.IsEven || n < 15) throw new WebCryptoException("The RSA private exponent does not match the public key.");
        var r = k;
        var t = 0;
        while (r.IsEven)
        {
            r >>= 1;
            t++;
        }
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var g = RsaMath.RandomBelow(n - 2) + 1;
            var y = BigInteger.ModPow(g, r, n);
            if (y.IsOne || y == n - 1) continue;
            for (var i = 1; i <= t; i++)
            {
                var x = BigInteger.ModPow(y, 2, n);
                if (x.IsOne)
                {
                    var p = BigInteger.GreatestCommonDivisor(y - 1, n);
                    var q = n / p;
                    return p > q ? (p, q) : (q, p);
                }
                if (x == n - 1) break;
                y = x;
            }
        }
        throw new WebCryptoException("The RSA private exponent does not match the public key.");
    }
}
