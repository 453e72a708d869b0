using System.Security.Cryptography;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// EC keys on P-256/P-384/P-521 through the platform's <see cref="ECDsa"/>/<see cref="ECDiffieHellman"/>, which
/// check that points lie on the curve and that a private key matches its public point.
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
                return ImportPoint(data, EcCurve.FromName(namedCurve));
            default:
                throw new WebCryptoException($"Unsupported key format '{format}' for EC.");
        }
    }

    /// <summary>An uncompressed (04‖x‖y) or compressed (02/03‖x) SEC 1 point.</summary>
    private static ImportedKey ImportPoint(ReadOnlySpan<byte> point, EcCurve curve)
    {
        var n = curve.CoordinateSize;
        byte[] x, y;
        if (point.Length == 1 + 2 * n && point[0] == 0x04)
        {
            x = point[1..(1 + n)].ToArray();
            y = point[(1 + n)..].ToArray();
        }
        else if (point.Length == 1 + n && point[0] is 0x02 or 0x03)
        {
            x = point[1..].ToArray();
            y = curve.DecompressY(x, yIsOdd: point[0] == 0x03);
        }
        else
        {
            throw new WebCryptoException($"A raw {curve.Name} point is {1 + 2 * n} bytes starting with 04 or {1 + n} bytes starting with 02/03.");
        }
        using var key = Create(curve, x, y, d: null);
        return new ImportedKey("public", key.ExportSubjectPublicKeyInfo(), NamedCurve: curve.Name);
    }

    public static ImportedKey ImportJwk(Jwk jwk)
    {
        jwk.ExpectText("kty", "EC");
        var curve = EcCurve.FromName(jwk.Text("crv"));
        var n = curve.CoordinateSize;
        var d = jwk.Has("d") ? jwk.Bytes("d", n) : null;
        using var key = Create(curve, jwk.Bytes("x", n), jwk.Bytes("y", n), d);
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

    public static ECDsa LoadPublic(ReadOnlySpan<byte> spki, out EcCurve curve) => Load(spki, isPrivate: false, ECDsa.Create, out curve);

    public static ECDsa LoadPrivate(ReadOnlySpan<byte> pkcs8, out EcCurve curve) => Load(pkcs8, isPrivate: true, ECDsa.Create, out curve);

    /// <summary>The key as an <see cref="ECDiffieHellman"/>, the platform's type for ECDH.</summary>
    public static ECDiffieHellman LoadForAgreement(ReadOnlySpan<byte> der, bool isPrivate, out EcCurve curve) =>
        Load(der, isPrivate, ECDiffieHellman.Create, out curve);

    private static T Load<T>(ReadOnlySpan<byte> der, bool isPrivate, Func<T> create, out EcCurve curve) where T : ECAlgorithm
    {
        if (isPrivate) KeyDer.ExpectPkcs8(der, KeyKinds.Ec);
        else KeyDer.ExpectSpki(der, KeyKinds.Ec);
        var key = create();
        try
        {
            var bytes = der.ToArray();
            var read = KeyDer.Parse(isPrivate ? "EC PKCS #8" : "EC SubjectPublicKeyInfo", () =>
            {
                int consumed;
                if (isPrivate) key.ImportPkcs8PrivateKey(bytes, out consumed);
                else key.ImportSubjectPublicKeyInfo(bytes, out consumed);
                return consumed;
            });
            if (read != der.Length) throw new WebCryptoException("The EC key data has trailing bytes.");
            curve = EcCurve.FromParameters(key.ExportParameters(false));
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static ECDsa Create(EcCurve curve, byte[] x, byte[] y, byte[]? d)
    {
        var key = ECDsa.Create();
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
