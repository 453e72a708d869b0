namespace Switchyard.Crypto.Keys;

/// <summary>
/// Host functions <c>generateKeyPair</c>, <c>importKey</c> and <c>exportKey</c>. A key kind is "RSA", "EC",
/// "Ed25519" or "X25519"; keys travel as DER (public: SubjectPublicKeyInfo, private: PKCS #8) and come back
/// re-encoded canonically, so what is stored is always what the platform itself would write.
/// </summary>
public static class AsymmetricKeys
{
    /// <param name="checkpoint">Called between steps of a long generation (large RSA keys); throws to stop it.</param>
    public static KeyPairDer GenerateKeyPair(string kind, KeyGenParams parameters, Action? checkpoint = null) => kind switch
    {
        KeyKinds.Rsa => RsaKeys.Generate(parameters.ModulusLength, parameters.PublicExponent, checkpoint),
        KeyKinds.Ec => EcKeys.Generate(parameters.NamedCurve),
        KeyKinds.Ed25519 or KeyKinds.X25519 => OkpKeys.Generate(kind),
        _ => throw UnknownKind(kind),
    };

    /// <summary>
    /// Imports "spki", "pkcs8" or "raw" key data (raw: an EC point, uncompressed or compressed, on
    /// <paramref name="namedCurve"/>, or a 32-byte OKP public key). Throws if the data does not hold a valid key of
    /// <paramref name="kind"/>.
    /// </summary>
    public static ImportedKey ImportKey(string kind, string format, ReadOnlySpan<byte> keyData, string? namedCurve = null) => kind switch
    {
        KeyKinds.Rsa => RsaKeys.ImportDer(format, keyData),
        KeyKinds.Ec => EcKeys.ImportDer(format, keyData, namedCurve),
        KeyKinds.Ed25519 or KeyKinds.X25519 => OkpKeys.ImportDer(kind, format, keyData),
        _ => throw UnknownKind(kind),
    };

    /// <summary>Imports a JWK's key members (kty, crv, n, e, d, p, q, dp, dq, qi, x, y); private when "d" is present.</summary>
    public static ImportedKey ImportJwk(string kind, IReadOnlyDictionary<string, string> jwk) => kind switch
    {
        KeyKinds.Rsa => RsaKeys.ImportJwk(new Jwk(jwk)),
        KeyKinds.Ec => EcKeys.ImportJwk(new Jwk(jwk)),
        KeyKinds.Ed25519 or KeyKinds.X25519 => OkpKeys.ImportJwk(kind, new Jwk(jwk)),
        _ => throw UnknownKind(kind),
    };

    /// <summary>The JWK key members, base64url without padding; the runtime adds alg, key_ops and ext.</summary>
    public static IReadOnlyDictionary<string, string> ExportJwk(string kind, string type, ReadOnlySpan<byte> der)
    {
        var isPrivate = IsPrivate(type);
        return kind switch
        {
            KeyKinds.Rsa => RsaKeys.ExportJwk(isPrivate, der),
            KeyKinds.Ec => EcKeys.ExportJwk(isPrivate, der),
            KeyKinds.Ed25519 or KeyKinds.X25519 => OkpKeys.ExportJwk(kind, isPrivate, der),
            _ => throw UnknownKind(kind),
        };
    }

    /// <summary>A public key's raw form: the EC point 04‖x‖y or the 32-byte OKP key.</summary>
    public static byte[] ExportRaw(string kind, string type, ReadOnlySpan<byte> der)
    {
        if (IsPrivate(type)) throw new WebCryptoException("Only public keys can be exported in 'raw' format.");
        return kind switch
        {
            KeyKinds.Ec => EcKeys.ExportRaw(der),
            KeyKinds.Ed25519 or KeyKinds.X25519 => OkpKeys.DecodeSpki(kind, der),
            KeyKinds.Rsa => throw new WebCryptoException("RSA keys cannot be exported in 'raw' format."),
            _ => throw UnknownKind(kind),
        };
    }

    private static bool IsPrivate(string type) => type switch
    {
        "public" => false,
        "private" => true,
        _ => throw new WebCryptoException($"A key type is 'public' or 'private', not '{type}'."),
    };

    private static WebCryptoException UnknownKind(string kind) => new($"Unsupported key kind '{kind}'.");
}
