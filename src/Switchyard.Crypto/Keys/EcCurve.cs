using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;

namespace Switchyard.Crypto.Keys;

/// <summary>A named curve of Web Crypto: P-256, P-384 or P-521 (NIST FIPS 186-4 / SEC 2).</summary>
internal sealed class EcCurve
{
    public static readonly EcCurve P256 = new("P-256", ECCurve.NamedCurves.nistP256, 32);
    public static readonly EcCurve P384 = new("P-384", ECCurve.NamedCurves.nistP384, 48);
    public static readonly EcCurve P521 = new("P-521", ECCurve.NamedCurves.nistP521, 66);

    private static readonly EcCurve[] All = [P256, P384, P521];

    /// <summary>BouncyCastle's description of the curve (its NIST name is ours), for decoding compressed points.</summary>
    private readonly Lazy<X9ECParameters> _library;

    private EcCurve(string name, ECCurve curve, int coordinateSize)
    {
        Name = name;
        Curve = curve;
        CoordinateSize = coordinateSize;
        _library = new Lazy<X9ECParameters>(() => ECNamedCurveTable.GetByName(name));
    }

    public string Name { get; }
    public ECCurve Curve { get; }

    /// <summary>Bytes of a field element: coordinates, private keys, and each half of an IEEE P1363 signature.</summary>
    public int CoordinateSize { get; }

    public static EcCurve FromName(string? name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new WebCryptoException(name is null ? "A named curve is required." : $"Unsupported named curve '{name}'.");

    /// <summary>The curve an SPKI's AlgorithmIdentifier parameters name (RFC 5480 §2.1.1); explicit curves are refused.</summary>
    public static EcCurve FromAlgorithmParameters(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is not { } encoded) throw new WebCryptoException("EC SubjectPublicKeyInfo must name its curve.");
        var reader = new System.Formats.Asn1.AsnReader(encoded, System.Formats.Asn1.AsnEncodingRules.DER);
        if (!reader.PeekTag().HasSameClassAndValue(System.Formats.Asn1.Asn1Tag.ObjectIdentifier))
            throw new WebCryptoException("Only named curves are supported, not explicit curve parameters.");
        var oid = reader.ReadObjectIdentifier();
        return All.FirstOrDefault(c => c.Curve.Oid.Value == oid)
            ?? throw new WebCryptoException($"Unsupported curve '{oid}': only P-256, P-384 and P-521 are supported.");
    }

    /// <summary>The curve of a key the platform parsed; explicit or other named curves are refused.</summary>
    public static EcCurve FromParameters(ECParameters parameters)
    {
        var oid = parameters.Curve.IsNamed ? parameters.Curve.Oid : null;
        return All.FirstOrDefault(c => oid is not null && (c.Curve.Oid.Value == oid.Value || c.Curve.Oid.FriendlyName == oid.FriendlyName))
            ?? throw new WebCryptoException($"Unsupported curve '{oid?.Value ?? oid?.FriendlyName ?? "explicit parameters"}': only P-256, P-384 and P-521 are supported.");
    }

    /// <summary>
    /// y of a compressed SEC 1 point (02/03‖x, §2.3.4), by BouncyCastle's point decoding, which refuses an x that is
    /// not below the field prime or has no y on the curve. Only public keys are decompressed.
    /// </summary>
    public byte[] DecompressY(ReadOnlySpan<byte> compressedPoint)
    {
        var library = _library.Value;
        if (new BigInteger(1, compressedPoint[1..]).CompareTo(library.Curve.Field.Characteristic) >= 0)
            throw new WebCryptoException($"The {Name} point's x-coordinate is not below the field prime.");
        try
        {
            return library.Curve.DecodePoint(compressedPoint.ToArray()).Normalize().AffineYCoord.GetEncoded();
        }
        catch (ArgumentException e)
        {
            throw new WebCryptoException($"The compressed point is not on {Name}.", e);
        }
    }
}
