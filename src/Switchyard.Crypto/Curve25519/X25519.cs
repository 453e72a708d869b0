using NSec.Cryptography;

namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// The X25519 function of RFC 7748 §5 by libsodium, through NSec. Private keys are 32 random bytes (clamped on
/// use); public keys are the 32-byte u-coordinate of [k]9, its top bit ignored and non-canonical values accepted, as
/// §5 requires.
/// </summary>
public static class X25519
{
    public const int KeySize = 32;

    private static readonly KeyAgreementAlgorithm Algorithm = KeyAgreementAlgorithm.X25519;

    public static byte[] PublicKeyFromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        using var key = Import(privateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>
    /// X25519(k, u). libsodium refuses a u of small order (and so an all-zero result, which Web Crypto's X25519
    /// rejects): that is a <see cref="WebCryptoException"/>.
    /// </summary>
    public static byte[] ScalarMultiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u)
    {
        if (u.Length != KeySize) throw new WebCryptoException($"An X25519 public key is {KeySize} bytes, not {u.Length}.");
        using var key = Import(scalar);
        var publicKey = PublicKey.Import(Algorithm, u, KeyBlobFormat.RawPublicKey);
        var exportable = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var secret = Algorithm.Agree(key, publicKey, exportable)
            ?? throw new WebCryptoException("The X25519 shared secret is all zeros: the public key has small order.");
        return secret.Export(SharedSecretBlobFormat.RawSharedSecret);
    }

    private static Key Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize) throw new WebCryptoException($"An X25519 private key is {KeySize} bytes, not {privateKey.Length}.");
        return Key.Import(Algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
    }
}
