using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// Hands a key the platform has parsed and checked (<see cref="Keys.RsaKeys"/>) to BouncyCastle, for the RSA
/// paddings the platform can't parameterise: PSS with a chosen salt length, and OAEP with a label.
/// </summary>
internal static class BouncyRsa
{
    public static RsaKeyParameters Public(RSA key)
    {
        var p = key.ExportParameters(false);
        return new RsaKeyParameters(false, Unsigned(p.Modulus!), Unsigned(p.Exponent!));
    }

    /// <summary>The CRT form, which BouncyCastle's <c>RsaBlindedEngine</c> blinds and checks against the public key.</summary>
    public static RsaPrivateCrtKeyParameters Private(RSA key)
    {
        var p = key.ExportParameters(true);
        try
        {
            return new RsaPrivateCrtKeyParameters(Unsigned(p.Modulus!), Unsigned(p.Exponent!), Unsigned(p.D!), Unsigned(p.P!),
                Unsigned(p.Q!), Unsigned(p.DP!), Unsigned(p.DQ!), Unsigned(p.InverseQ!));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(p.D);
            CryptographicOperations.ZeroMemory(p.P);
            CryptographicOperations.ZeroMemory(p.Q);
            CryptographicOperations.ZeroMemory(p.DP);
            CryptographicOperations.ZeroMemory(p.DQ);
            CryptographicOperations.ZeroMemory(p.InverseQ);
        }
    }

    /// <summary>A fresh digest for each use (BouncyCastle's digests carry state).</summary>
    public static IDigest Digest(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA1" => new Sha1Digest(),
        "SHA256" => new Sha256Digest(),
        "SHA384" => new Sha384Digest(),
        "SHA512" => new Sha512Digest(),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, null),
    };

    private static BigInteger Unsigned(byte[] bigEndian) => new(1, bigEndian);
}
