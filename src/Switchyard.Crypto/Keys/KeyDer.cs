using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// Reads the algorithm of DER SubjectPublicKeyInfo (RFC 5280 §4.1) and PKCS #8 PrivateKeyInfo / OneAsymmetricKey
/// (RFC 5208, RFC 5958) before a key is handed to a kind-specific parser, so a key of the wrong kind gets a precise
/// error instead of a generic parse failure.
/// </summary>
internal static class KeyDer
{
    /// <summary>Checks that <paramref name="der"/> is an SPKI of <paramref name="kind"/>; returns the AlgorithmIdentifier parameters (if any).</summary>
    public static ReadOnlyMemory<byte>? ExpectSpki(ReadOnlySpan<byte> der, string kind)
    {
        var (oid, parameters) = Read(der, "SubjectPublicKeyInfo", isPrivate: false);
        Expect(oid, kind, "SubjectPublicKeyInfo");
        return parameters;
    }

    /// <summary>Checks that <paramref name="der"/> is a PKCS #8 key of <paramref name="kind"/>; returns the AlgorithmIdentifier parameters (if any).</summary>
    public static ReadOnlyMemory<byte>? ExpectPkcs8(ReadOnlySpan<byte> der, string kind)
    {
        var (oid, parameters) = Read(der, "PKCS #8", isPrivate: true);
        Expect(oid, kind, "PKCS #8");
        return parameters;
    }

    /// <summary>Runs a parser over DER, turning ASN.1 and platform decoding failures into <see cref="WebCryptoException"/>.</summary>
    public static T Parse<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or FormatException or ArgumentException)
        {
            throw new WebCryptoException($"Invalid {what}: {e.Message}", e);
        }
    }

    private static (string Oid, ReadOnlyMemory<byte>? Parameters) Read(ReadOnlySpan<byte> der, string what, bool isPrivate)
    {
        var bytes = der.ToArray();
        return Parse($"{what} key data", () =>
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (isPrivate) info.ReadInteger();
            var algorithm = info.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
            algorithm.ThrowIfNotEmpty();
            return (oid, parameters);
        });
    }

    private static void Expect(string oid, string kind, string what)
    {
        if (oid != KeyKinds.Oid(kind))
            throw new WebCryptoException($"The {what} data holds {KeyKinds.Describe(oid)}, not {KeyKinds.Describe(KeyKinds.Oid(kind))}.");
    }
}
