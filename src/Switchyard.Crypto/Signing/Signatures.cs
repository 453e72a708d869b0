using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Switchyard.Crypto.Curve25519;
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
/// must insist on the exact salt length), run on BouncyCastle's <c>PssSigner</c> over its blinded RSA engine.
/// Ed25519 is libsodium's, through NSec (<see cref="Ed25519"/>).
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
                RequirePssRoom(key.KeySize, hash, saltLength);
                var message = data.ToArray();
                if (saltLength != HashAlgorithms.SizeInBytes(hash)) return RsaSign(() => PssSign(key, hash, saltLength, message), key);
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
            {
                var seed = OkpKeys.DecodePkcs8(KeyKinds.Ed25519, privatePkcs8);
                try
                {
                    return Ed25519.Sign(seed, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(seed);
                }
            }
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
                byte[] message = data.ToArray(), bytes = signature.ToArray();
                return bytes.Length == (key.KeySize + 7) / 8 && PssVerify(key, hash, saltLength, message, bytes);
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
                return Ed25519.Verify(OkpKeys.DecodeSpki(KeyKinds.Ed25519, publicSpki), data, signature);
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

    /// <summary>The encoded message (modulus bits - 1) must hold the hash, the salt and two more bytes (RFC 8017 §9.1.1).</summary>
    private static void RequirePssRoom(int modulusBits, HashAlgorithmName hash, int saltLength)
    {
        if ((modulusBits - 1 + 7) / 8 < HashAlgorithms.SizeInBytes(hash) + saltLength + 2)
            throw new WebCryptoException($"A {modulusBits}-bit RSA key cannot hold a PSS signature with a {saltLength}-byte salt and this hash.");
    }

    /// <summary>RSASSA-PSS with MGF1 over the message hash and trailer 0xBC, BouncyCastle's blinded engine signing.</summary>
    private static byte[] PssSign(RSA key, HashAlgorithmName hash, int saltLength, byte[] message)
    {
        var signer = new PssSigner(new RsaBlindedEngine(), BouncyRsa.Digest(hash), saltLength);
        signer.Init(true, new ParametersWithRandom(BouncyRsa.Private(key), new SecureRandom()));
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        var k = (key.KeySize + 7) / 8;
        return signature.Length == k ? signature : [.. new byte[k - signature.Length], .. signature];
    }

    /// <summary>Checks the salt is exactly <paramref name="saltLength"/> bytes; anything malformed is false.</summary>
    private static bool PssVerify(RSA key, HashAlgorithmName hash, int saltLength, byte[] message, byte[] signature)
    {
        try
        {
            // Init refuses a key too small for the hash and salt: no signature can verify then.
            var verifier = new PssSigner(new RsaBlindedEngine(), BouncyRsa.Digest(hash), saltLength);
            verifier.Init(false, BouncyRsa.Public(key));
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(signature);
        }
        catch (Exception e) when (e is CryptoException or ArgumentException)
        {
            return false;
        }
    }

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

    /// <summary>The platform (and BouncyCastle) report a modulus too small for the padding as an exception of their own.</summary>
    private static byte[] RsaSign(Func<byte[]> sign, RSA key)
    {
        try
        {
            return sign();
        }
        catch (Exception e) when (e is CryptographicException or CryptoException)
        {
            throw new WebCryptoException($"Signing with a {key.KeySize}-bit RSA key failed: {e.Message}", e);
        }
    }
}
