using System.Numerics;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Keys;

/// <summary>A named curve of Web Crypto: P-256, P-384 or P-521 (NIST FIPS 186-4 / SEC 2).</summary>
internal sealed class EcCurve
{
    public static readonly EcCurve P256 = new("P-256", ECCurve.NamedCurves.nistP256, 32);
    public static readonly EcCurve P384 = new("P-384", ECCurve.NamedCurves.nistP384, 48);
    public static readonly EcCurve P521 = new("P-521", ECCurve.NamedCurves.nistP521, 66);

    private static readonly EcCurve[] All = [P256, P384, P521];

    private readonly Lazy<(BigInteger Prime, BigInteger A, BigInteger B)> _equation;

    private EcCurve(string name, ECCurve curve, int coordinateSize)
    {
        Name = name;
        Curve = curve;
        CoordinateSize = coordinateSize;
        _equation = new Lazy<(BigInteger, BigInteger, BigInteger)>(() =>
        {
            using var key = ECDsa.Create(curve);
            var explicitCurve = key.ExportExplicitParameters(false).Curve;
            return (Unsigned(explicitCurve.Prime!), Unsigned(explicitCurve.A!), Unsigned(explicitCurve.B!));
        });
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
    /// y from x and its parity (SEC 1 §2.3.4): y² = x³ + a·x + b. All three primes are 3 mod 4, so the square root is
    /// (y²)^((p+1)/4). Only public keys are decompressed, so BigInteger's variable timing is harmless here.
    /// </summary>
    public byte[] DecompressY(ReadOnlySpan<byte> x, bool yIsOdd)
    {
        var (p, a, b) = _equation.Value;
        var xValue = Unsigned(x);
        if (xValue >= p) throw new WebCryptoException($"The {Name} point's x-coordinate is not below the field prime.");
        var rhs = ((BigInteger.ModPow(xValue, 3, p) + a * xValue + b) % p + p) % p;
        var y = BigInteger.ModPow(rhs, (p + 1) / 4, p);
        if (BigInteger.ModPow(y, 2, p) != rhs) throw new WebCryptoException($"The compressed point is not on {Name}.");
        if (!y.IsEven != yIsOdd) y = p - y;
        var bytes = new byte[CoordinateSize];
        y.TryWriteBytes(bytes.AsSpan(CoordinateSize - y.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);
}
