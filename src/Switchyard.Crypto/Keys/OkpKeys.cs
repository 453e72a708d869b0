using System.Formats.Asn1;
using System.Security.Cryptography;
using Switchyard.Crypto.Curve25519;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// Ed25519 and X25519 keys ("OKP" in JWK) and their DER forms from RFC 8410: SPKI with the 32-byte key in the BIT
/// STRING, PKCS #8 with the 32-byte private key as an OCTET STRING inside the privateKey OCTET STRING. The
/// AlgorithmIdentifier has no parameters.
/// </summary>
internal static class OkpKeys
{
    public const int KeySize = 32;

    public static KeyPairDer Generate(string kind)
    {
        var privateKey = RandomNumberGenerator.GetBytes(KeySize);
        var pair = new KeyPairDer(EncodeSpki(kind, PublicKeyOf(kind, privateKey)), EncodePkcs8(kind, privateKey));
        CryptographicOperations.ZeroMemory(privateKey);
        return pair;
    }

    public static byte[] PublicKeyOf(string kind, ReadOnlySpan<byte> privateKey) =>
        kind == KeyKinds.Ed25519 ? Ed25519.PublicKeyFromSeed(privateKey) : X25519.PublicKeyFromPrivateKey(privateKey);

    public static ImportedKey ImportDer(string kind, string format, ReadOnlySpan<byte> data) => format switch
    {
        "spki" => new ImportedKey("public", EncodeSpki(kind, DecodeSpki(kind, data))),
        "pkcs8" => new ImportedKey("private", EncodePkcs8(kind, DecodePkcs8(kind, data))),
        "raw" => data.Length == KeySize
            ? new ImportedKey("public", EncodeSpki(kind, data))
            : throw new WebCryptoException($"A raw {kind} public key is {KeySize} bytes, not {data.Length}."),
        _ => throw new WebCryptoException($"Unsupported key format '{format}' for {kind}."),
    };

    public static ImportedKey ImportJwk(string kind, Jwk jwk)
    {
        jwk.ExpectText("kty", "OKP");
        jwk.ExpectText("crv", kind);
        var x = jwk.Bytes("x", KeySize);
        if (!jwk.Has("d")) return new ImportedKey("public", EncodeSpki(kind, x));
        var d = jwk.Bytes("d", KeySize);
        if (!CryptographicOperations.FixedTimeEquals(PublicKeyOf(kind, d), x))
            throw new WebCryptoException("The JWK member 'x' is not the public key of 'd'.");
        return new ImportedKey("private", EncodePkcs8(kind, d));
    }

    public static Dictionary<string, string> ExportJwk(string kind, bool isPrivate, ReadOnlySpan<byte> der)
    {
        var jwk = new Dictionary<string, string> { ["kty"] = "OKP", ["crv"] = kind };
        if (!isPrivate)
        {
            jwk["x"] = Jwk.Encode(DecodeSpki(kind, der));
            return jwk;
        }
        var privateKey = DecodePkcs8(kind, der);
        jwk["x"] = Jwk.Encode(PublicKeyOf(kind, privateKey));
        jwk["d"] = Jwk.Encode(privateKey);
        return jwk;
    }

    public static byte[] EncodeSpki(string kind, ReadOnlySpan<byte> publicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteAlgorithm(writer, kind);
            writer.WriteBitString(publicKey);
        }
        return writer.Encode();
    }

    public static byte[] EncodePkcs8(string kind, ReadOnlySpan<byte> privateKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            WriteAlgorithm(writer, kind);
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(privateKey);
            writer.WriteOctetString(inner.Encode());
        }
        return writer.Encode();
    }

    public static byte[] DecodeSpki(string kind, ReadOnlySpan<byte> der)
    {
        var spki = KeyDer.ReadSpki(der, kind);
        if (spki.Parameters is not null) throw new WebCryptoException($"{kind} SubjectPublicKeyInfo must not have algorithm parameters.");
        if (spki.PublicKey.Length != KeySize) throw new WebCryptoException($"{kind} public keys are {KeySize} bytes, not {spki.PublicKey.Length}.");
        return spki.PublicKey;
    }

    /// <summary>Accepts version 0 and version 1 (OneAsymmetricKey); a public key carried along must match the private key.</summary>
    public static byte[] DecodePkcs8(string kind, ReadOnlySpan<byte> der)
    {
        if (KeyDer.ExpectPkcs8(der, kind) is not null) throw new WebCryptoException($"{kind} PKCS #8 keys must not have algorithm parameters.");
        var bytes = der.ToArray();
        var (privateKey, publicKey) = KeyDer.Parse($"{kind} PKCS #8", () =>
        {
            var info = new AsnReader(bytes, AsnEncodingRules.DER).ReadSequence();
            var version = info.ReadInteger();
            if (version != 0 && version != 1) throw new WebCryptoException($"Unsupported PKCS #8 version {version}.");
            info.ReadSequence();
            var curvePrivateKey = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER);
            var key = curvePrivateKey.ReadOctetString();
            curvePrivateKey.ThrowIfNotEmpty();
            if (key.Length != KeySize) throw new WebCryptoException($"{kind} private keys are {KeySize} bytes, not {key.Length}.");
            var attributes = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (info.HasData && info.PeekTag().HasSameClassAndValue(attributes)) info.ReadEncodedValue();
            byte[]? embedded = null;
            if (version == 1 && info.HasData) embedded = info.ReadBitString(out _, new Asn1Tag(TagClass.ContextSpecific, 1));
            info.ThrowIfNotEmpty();
            return (key, embedded);
        });
        if (publicKey is not null && !CryptographicOperations.FixedTimeEquals(PublicKeyOf(kind, privateKey), publicKey))
            throw new WebCryptoException($"The PKCS #8 public key does not belong to the {kind} private key.");
        return privateKey;
    }

    private static void WriteAlgorithm(AsnWriter writer, string kind)
    {
        using (writer.PushSequence()) writer.WriteObjectIdentifier(KeyKinds.Oid(kind));
    }
}
