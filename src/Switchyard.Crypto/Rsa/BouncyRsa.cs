using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// Hands a key the platform has parsed and checked (<see cref="Keys.RsaKeys"/>) to BouncyCastle, for the RSA
/// paddings the platform can't parameterise: PSS with a chosen salt length, and OAEP with a label.
/// </summary>
/// <remarks>
/// BouncyCastle's key constructors run Miller–Rabin rounds on the modulus to prove it composite: 16–20 ms for a
/// 2048-bit key on this VM, seconds at 16384 bits, on every operation, for a key worker code chooses. The platform has
/// already checked the key (for a private key OpenSSL's RSA_check_key tests p and q), and neither OpenSSL nor
/// BoringSSL (Workers) tests a public modulus so, so the rounds are turned off with BouncyCastle's own setting
/// (<c>Org.BouncyCastle.Rsa.MaxMRTests</c> = 0, for this thread and this call only); its cheap checks (odd, no
/// small factors, at most 16384 bits) still run.
/// </remarks>
internal static class BouncyRsa
{
    public static RsaKeyParameters Public(RSA key)
    {
        var p = key.ExportParameters(false);
        return WithoutPrimalityRounds(() => new RsaKeyParameters(false, Unsigned(p.Modulus!), Unsigned(p.Exponent!)));
    }

    /// <summary>The CRT form, which BouncyCastle's <c>RsaBlindedEngine</c> blinds and checks against the public key.</summary>
    public static RsaPrivateCrtKeyParameters Private(RSA key)
    {
        var p = key.ExportParameters(true);
        try
        {
            return WithoutPrimalityRounds(() => new RsaPrivateCrtKeyParameters(Unsigned(p.Modulus!), Unsigned(p.Exponent!), Unsigned(p.D!),
                Unsigned(p.P!), Unsigned(p.Q!), Unsigned(p.DP!), Unsigned(p.DQ!), Unsigned(p.InverseQ!)));
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

    private static T WithoutPrimalityRounds<T>(Func<T> create) => Properties.WithThreadProperty(Properties.RsaMaxMRTests, "0", create);

    private static BigInteger Unsigned(byte[] bigEndian) => new(1, bigEndian);
}
