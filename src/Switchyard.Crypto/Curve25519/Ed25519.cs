using NSec.Cryptography;

namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// Ed25519 signatures (RFC 8032 §5.1, pure Ed25519 without context) by libsodium, through NSec. A private key is
/// the 32-byte seed; the public key is the 32-byte encoding of [s]B.
/// </summary>
/// <remarks>
/// libsodium's verification (<c>crypto_sign_verify_detached</c>) is cofactorless, as BoringSSL's, and refuses
/// S ≥ L, non-canonical public keys, and public keys or R values of small order; the last is what the Web Crypto
/// Ed25519 algorithm asks for ("If the key data … represents … a small-order element …, return false").
/// </remarks>
public static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    public static byte[] PublicKeyFromSeed(ReadOnlySpan<byte> seed)
    {
        using var key = Import(seed);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        using var key = Import(seed);
        return Algorithm.Sign(key, message);
    }

    /// <summary>False for a malformed key or signature as for a wrong one.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize) return false;
        return PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            && key is not null
            && Algorithm.Verify(key, message, signature);
    }

    /// <summary>The seed as a libsodium key (held in libsodium's guarded memory, freed on dispose).</summary>
    private static Key Import(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new WebCryptoException($"An Ed25519 private key is {SeedSize} bytes, not {seed.Length}.");
        return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
    }
}
