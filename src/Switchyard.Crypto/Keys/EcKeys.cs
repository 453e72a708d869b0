using System.Security.Cryptography;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// EC keys on P-256/P-384/P-521 through the platform's <see cref="ECDsa"/>/<see cref="ECDiffieHellman"/>, which
/// check that points lie on the curve and that a private key matches its public point. Public keys are decoded here
/// (SPKI and raw) because the platform's SPKI reader refuses compressed points, which Web Crypto accepts.
/// </summary>
internal static class EcKeys
{
    public static KeyPairDer Generate(string? namedCurve)
    {
        using var key = ECDsa.Create(EcCurve.FromName(namedCurve).Curve);
        return new KeyPairDer(key.ExportSubjectPublicKeyInfo(), key.ExportPkcs8PrivateKey());
    }

    public static ImportedKey ImportDer(string format, ReadOnlySpan<byte> data, string? namedCurve)
    {
        switch (format)
        {
            case "spki":
            {
                using var key = LoadPublic(data, out var curve);
                return new ImportedKey("public", key.ExportSubjectPublicKeyInfo(), NamedCurve: curve.Name);
            }
            case "pkcs8":
            {
                using var key = LoadPrivate(data, out var curve);
                return new ImportedKey("private", key.ExportPkcs8PrivateKey(), NamedCurve: curve.Name);
            }
            case "raw":
            {
                var curve = EcCurve.FromName(namedCurve);
                using var key = FromPoint(curve, data, ECDsa.Create);
                return new ImportedKey("public", key.ExportSubjectPublicKeyInfo(), NamedCurve: curve.Name);
            }
            default:
                throw new WebCryptoException($"Unsupported key format '{format}' for EC.");
        }
    }

    public static ImportedKey ImportJwk(Jwk jwk)
    {
        jwk.ExpectText("kty", "EC");
        var curve = EcCurve.FromName(jwk.Text("crv"));
        var n = curve.CoordinateSize;
        var d = jwk.Has("d") ? jwk.Bytes("d", n) : null;
        using var key = Create(curve, jwk.Bytes("x", n), jwk.Bytes("y", n), d, ECDsa.Create);
        return d is null
            ? new ImportedKey("public", key.ExportSubjectPublicKeyInfo(), NamedCurve: curve.Name)
            : new ImportedKey("private", key.ExportPkcs8PrivateKey(), NamedCurve: curve.Name);
    }

    public static Dictionary<string, string> ExportJwk(bool isPrivate, ReadOnlySpan<byte> der)
    {
        using var key = isPrivate ? LoadPrivate(der, out var curve) : LoadPublic(der, out curve);
        var parameters = key.ExportParameters(isPrivate);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = curve.Name,
            ["x"] = Jwk.Encode(parameters.Q.X),
            ["y"] = Jwk.Encode(parameters.Q.Y),
        };
        if (isPrivate) jwk["d"] = Jwk.Encode(parameters.D);
        return jwk;
    }

    /// <summary>The uncompressed point 04‖x‖y of an SPKI public key.</summary>
    public static byte[] ExportRaw(ReadOnlySpan<byte> spki)
    {
        using var key = LoadPublic(spki, out _);
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    public static ECDsa LoadPublic(ReadOnlySpan<byte> spki, out EcCurve curve) => LoadPublic(spki, ECDsa.Create, out curve);

    public static ECDsa LoadPrivate(ReadOnlySpan<byte> pkcs8, out EcCurve curve) => LoadPrivate(pkcs8, ECDsa.Create, out curve);

    /// <summary>The key as an <see cref="ECDiffieHellman"/>, the platform's type for ECDH.</summary>
    public static ECDiffieHellman LoadForAgreement(ReadOnlySpan<byte> der, bool isPrivate, out EcCurve curve) =>
        isPrivate ? LoadPrivate(der, ECDiffieHellman.Create, out curve) : LoadPublic(der, ECDiffieHellman.Create, out curve);

    private static T LoadPublic<T>(ReadOnlySpan<byte> spki, Func<T> create, out EcCurve curve) where T : ECAlgorithm
    {
        var info = KeyDer.ReadSpki(spki, KeyKinds.Ec);
        curve = KeyDer.Parse("EC SubjectPublicKeyInfo", () => EcCurve.FromAlgorithmParameters(info.Parameters));
        return FromPoint(curve, info.PublicKey, create);
    }

    private static T LoadPrivate<T>(ReadOnlySpan<byte> pkcs8, Func<T> create, out EcCurve curve) where T : ECAlgorithm
    {
        KeyDer.ExpectPkcs8(pkcs8, KeyKinds.Ec);
        var key = create();
        try
        {
            var bytes = pkcs8.ToArray();
            KeyDer.Parse("EC PKCS #8", () =>
            {
                key.ImportPkcs8PrivateKey(bytes, out _);
                return true;
            });
            curve = EcCurve.FromParameters(key.ExportParameters(false));
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>An uncompressed (04‖x‖y) or compressed (02/03‖x) SEC 1 point (§2.3.4).</summary>
    private static T FromPoint<T>(EcCurve curve, ReadOnlySpan<byte> point, Func<T> create) where T : ECAlgorithm
    {
        var n = curve.CoordinateSize;
        if (point.Length == 1 + 2 * n && point[0] == 0x04)
            return Create(curve, point[1..(1 + n)].ToArray(), point[(1 + n)..].ToArray(), d: null, create);
        if (point.Length == 1 + n && point[0] is 0x02 or 0x03)
            return Create(curve, point[1..].ToArray(), curve.DecompressY(point), d: null, create);
        throw new WebCryptoException($"A {curve.Name} point is {1 + 2 * n} bytes starting with 04 or {1 + n} bytes starting with 02/03.");
    }

    private static T Create<T>(EcCurve curve, byte[] x, byte[] y, byte[]? d, Func<T> create) where T : ECAlgorithm
    {
        var key = create();
        try
        {
            KeyDer.Parse($"{curve.Name} key", () =>
            {
                key.ImportParameters(new ECParameters { Curve = curve.Curve, Q = new ECPoint { X = x, Y = y }, D = d });
                return true;
            });
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
