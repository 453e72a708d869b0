using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Keys;

/// <summary>
/// Reads DER SubjectPublicKeyInfo (RFC 5280 §4.1) and the algorithm of PKCS #8 PrivateKeyInfo / OneAsymmetricKey
/// (RFC 5208, RFC 5958) before a key is handed to a kind-specific parser, so a key of the wrong kind gets a precise
/// error instead of a generic parse failure.
/// </summary>
internal static class KeyDer
{
    /// <summary>An SPKI's AlgorithmIdentifier parameters (null when absent) and its subjectPublicKey bits.</summary>
    public sealed record Spki(ReadOnlyMemory<byte>? Parameters, byte[] PublicKey);

    /// <summary>Parses <paramref name="der"/> as an SPKI of <paramref name="kind"/>.</summary>
    public static Spki ReadSpki(ReadOnlySpan<byte> der, string kind)
    {
        var bytes = der.ToArray();
        var (oid, spki) = Parse("SubjectPublicKeyInfo key data", () =>
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var (algorithm, parameters) = ReadAlgorithm(info);
            var publicKey = info.ReadBitString(out var unusedBits);
            info.ThrowIfNotEmpty();
            if (unusedBits != 0) throw new WebCryptoException("The SubjectPublicKeyInfo key is not a whole number of bytes.");
            return (algorithm, new Spki(parameters, publicKey));
        });
        Expect(oid, kind, "SubjectPublicKeyInfo");
        return spki;
    }

    /// <summary>Checks that <paramref name="der"/> is a PKCS #8 key of <paramref name="kind"/>; returns the AlgorithmIdentifier parameters (null when absent).</summary>
    public static ReadOnlyMemory<byte>? ExpectPkcs8(ReadOnlySpan<byte> der, string kind)
    {
        var bytes = der.ToArray();
        var (oid, parameters) = Parse("PKCS #8 key data", () =>
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            info.ReadInteger();
            return ReadAlgorithm(info);
        });
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

    private static (string Oid, ReadOnlyMemory<byte>? Parameters) ReadAlgorithm(AsnReader info)
    {
        var algorithm = info.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        algorithm.ThrowIfNotEmpty();
        return (oid, parameters);
    }

    private static void Expect(string oid, string kind, string what)
    {
        if (oid != KeyKinds.Oid(kind))
            throw new WebCryptoException($"The {what} data holds {KeyKinds.Describe(oid)}, not {KeyKinds.Describe(KeyKinds.Oid(kind))}.");
    }
}
