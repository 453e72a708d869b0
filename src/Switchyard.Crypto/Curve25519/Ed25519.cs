using System.Security.Cryptography;

namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// Ed25519 signatures (RFC 8032 §5.1), pure Ed25519 without context. A private key is the 32-byte seed; the public
/// key is the 32-byte encoding of [s]B. Signing runs in constant time (see <see cref="FieldElement"/>,
/// <see cref="EdwardsPoint.Multiply"/>, <see cref="ScalarModL"/>); verification handles only public data.
/// </summary>
public static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    public static byte[] PublicKeyFromSeed(ReadOnlySpan<byte> seed)
    {
        var (scalar, _) = Expand(seed);
        return EdwardsPoint.Base.Multiply(scalar).Encode();
    }

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var (scalar, prefix) = Expand(seed);
        var publicKey = EdwardsPoint.Base.Multiply(scalar).Encode();

        var r = ScalarModL.Reduce(Sha512(prefix, message));
        var encodedR = EdwardsPoint.Base.Multiply(r).Encode();
        var k = ScalarModL.Reduce(Sha512(encodedR, publicKey, message));
        var s = ScalarModL.MultiplyAdd(k, scalar, r);

        var signature = new byte[SignatureSize];
        encodedR.CopyTo(signature, 0);
        s.CopyTo(signature, 32);
        CryptographicOperations.ZeroMemory(scalar);
        CryptographicOperations.ZeroMemory(prefix);
        return signature;
    }

    /// <summary>
    /// Cofactorless verification, as BoringSSL/OpenSSL do: rejects S ≥ L and public keys that are not canonical
    /// point encodings, then checks that encode([S]B - [k]A) equals R byte for byte.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize) return false;
        var s = signature[32..];
        if (!ScalarModL.IsCanonical(s)) return false;
        if (EdwardsPoint.Decode(publicKey) is not { } a) return false;

        var encodedR = signature[..32];
        var k = ScalarModL.Reduce(Sha512(encodedR, publicKey, message));
        var check = EdwardsPoint.Base.Multiply(s) + a.Negate().Multiply(k);
        return CryptographicOperations.FixedTimeEquals(check.Encode(), encodedR);
    }

    /// <summary>RFC 8032 §5.1.5: SHA-512 of the seed; the low half, clamped, is the secret scalar, the high half the nonce prefix.</summary>
    private static (byte[] Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new WebCryptoException($"An Ed25519 private key is {SeedSize} bytes, not {seed.Length}.");
        var h = SHA512.HashData(seed);
        var scalar = h[..32];
        scalar[0] &= 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        var prefix = h[32..];
        CryptographicOperations.ZeroMemory(h);
        return (scalar, prefix);
    }

    private static byte[] Sha512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(a);
        hash.AppendData(b);
        hash.AppendData(c);
        return hash.GetHashAndReset();
    }
}
