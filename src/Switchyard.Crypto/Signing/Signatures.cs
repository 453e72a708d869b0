using System.Security.Cryptography;
using Switchyard.Crypto.Hashing;
using Switchyard.Crypto.Keys;
using Switchyard.Crypto.Rsa;

namespace Switchyard.Crypto.Signing;

/// <summary>
/// Host functions <c>sign</c>/<c>verify</c>: RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA (IEEE P1363 r‖s) and Ed25519.
/// Private keys are PKCS #8 DER, public keys SPKI DER.
/// </summary>
/// <remarks>
/// The platform's PSS always uses a salt as long as the hash; other salt lengths, and every PSS verification (which
/// must insist on the exact salt length), run on <see cref="EmsaPss"/>.
/// </remarks>
public static class Signatures
{
    public static byte[] Sign(string algorithm, ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> data, SignParams parameters)
    {
        switch (algorithm)
        {
            case "RSASSA-PKCS1-v1_5":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                using var key = RsaKeys.LoadPrivate(privatePkcs8);
                var message = data.ToArray();
                return RsaSign(() => key.SignData(message, hash, RSASignaturePadding.Pkcs1), key);
            }
            case "RSA-PSS":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                var saltLength = SaltLength(parameters);
                using var key = RsaKeys.LoadPrivate(privatePkcs8);
                EmsaPss.RequireRoom(key.KeySize, hash, saltLength);
                if (saltLength != HashAlgorithms.SizeInBytes(hash)) return EmsaPss.Sign(new RsaPrimitive(key, includePrivate: true), hash, data, saltLength);
                var message = data.ToArray();
                return RsaSign(() => key.SignData(message, hash, RSASignaturePadding.Pss), key);
            }
            case "ECDSA":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                using var key = EcKeys.LoadPrivate(privatePkcs8, out var curve);
                CheckCurve(curve, parameters);
                return key.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            case "Ed25519":
                return Curve25519.Ed25519.Sign(OkpKeys.DecodePkcs8(KeyKinds.Ed25519, privatePkcs8), data);
            default:
                throw new WebCryptoException($"Unsupported signature algorithm '{algorithm}'.");
        }
    }

    /// <summary>False for a wrong or malformed signature; throws only for unusable keys or parameters.</summary>
    public static bool Verify(string algorithm, ReadOnlySpan<byte> publicSpki, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data, SignParams parameters)
    {
        switch (algorithm)
        {
            case "RSASSA-PKCS1-v1_5":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                using var key = RsaKeys.LoadPublic(publicSpki);
                byte[] message = data.ToArray(), bytes = signature.ToArray();
                return bytes.Length == (key.KeySize + 7) / 8 && Checked(() => key.VerifyData(message, bytes, hash, RSASignaturePadding.Pkcs1));
            }
            case "RSA-PSS":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                var saltLength = SaltLength(parameters);
                using var key = RsaKeys.LoadPublic(publicSpki);
                return EmsaPss.Verify(new RsaPrimitive(key, includePrivate: false), hash, data, signature, saltLength);
            }
            case "ECDSA":
            {
                var hash = HashAlgorithms.Parse(parameters.Hash);
                using var key = EcKeys.LoadPublic(publicSpki, out var curve);
                CheckCurve(curve, parameters);
                byte[] message = data.ToArray(), bytes = signature.ToArray();
                return bytes.Length == 2 * curve.CoordinateSize
                    && Checked(() => key.VerifyData(message, bytes, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            }
            case "Ed25519":
                return Curve25519.Ed25519.Verify(OkpKeys.DecodeSpki(KeyKinds.Ed25519, publicSpki), data, signature);
            default:
                throw new WebCryptoException($"Unsupported signature algorithm '{algorithm}'.");
        }
    }

    private static int SaltLength(SignParams parameters) => parameters.SaltLength switch
    {
        null => throw new WebCryptoException("RSA-PSS requires a saltLength."),
        < 0 and var n => throw new WebCryptoException($"The RSA-PSS saltLength must not be negative, not {n}."),
        var n => n.Value,
    };

    private static void CheckCurve(EcCurve curve, SignParams parameters)
    {
        if (parameters.NamedCurve is { } expected && expected != curve.Name)
            throw new WebCryptoException($"The key is on {curve.Name}, not {expected}.");
    }

    /// <summary>A signature the platform can't even parse is just a wrong signature.</summary>
    private static bool Checked(Func<bool> verify)
    {
        try
        {
            return verify();
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The platform reports a modulus too small for the padding as a CryptographicException.</summary>
    private static byte[] RsaSign(Func<byte[]> sign, RSA key)
    {
        try
        {
            return sign();
        }
        catch (CryptographicException e)
        {
            throw new WebCryptoException($"Signing with a {key.KeySize}-bit RSA key failed: {e.Message}", e);
        }
    }
}
