namespace Switchyard.Crypto.Keys;

/// <summary>The key kinds of the host interface and the algorithm OIDs that identify them in SPKI/PKCS #8.</summary>
internal static class KeyKinds
{
    public const string Rsa = "RSA";
    public const string Ec = "EC";
    public const string Ed25519 = "Ed25519";
    public const string X25519 = "X25519";

    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string Ed25519Oid = "1.3.101.112";
    public const string X25519Oid = "1.3.101.110";

    /// <summary>Names the key a DER algorithm OID stands for, for error messages ("an EC key").</summary>
    public static string Describe(string oid) => oid switch
    {
        RsaEncryptionOid => $"an {Rsa} key",
        EcPublicKeyOid => $"an {Ec} key",
        Ed25519Oid => $"an {Ed25519} key",
        X25519Oid => $"an {X25519} key",
        "1.2.840.113549.1.1.10" => "an RSASSA-PSS-restricted RSA key",
        "1.3.101.113" => "an Ed448 key",
        "1.3.101.111" => "an X448 key",
        _ => $"a key of algorithm {oid}",
    };

    public static string Oid(string kind) => kind switch
    {
        Rsa => RsaEncryptionOid,
        Ec => EcPublicKeyOid,
        Ed25519 => Ed25519Oid,
        X25519 => X25519Oid,
        _ => throw new WebCryptoException($"Unsupported key kind '{kind}'."),
    };
}
