using System.Security.Cryptography;
using Switchyard.Crypto.Keys;

namespace Switchyard.Crypto.Agreement;

/// <summary>Host function <c>deriveBits</c>: the full ECDH or X25519 shared secret; the runtime truncates it.</summary>
public static class KeyAgreement
{
    public static byte[] DeriveBits(string algorithm, ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> publicSpki) => algorithm switch
    {
        "ECDH" => Ecdh(privatePkcs8, publicSpki),
        "X25519" => X25519(privatePkcs8, publicSpki),
        _ => throw new WebCryptoException($"Unsupported key agreement algorithm '{algorithm}'."),
    };

    /// <summary>The x-coordinate of d·Q, field-size bytes (SEC 1 §3.3.1).</summary>
    private static byte[] Ecdh(ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> publicSpki)
    {
        using var privateKey = EcKeys.LoadForAgreement(privatePkcs8, isPrivate: true, out var privateCurve);
        using var publicKey = EcKeys.LoadForAgreement(publicSpki, isPrivate: false, out var publicCurve);
        if (privateCurve != publicCurve) throw new WebCryptoException($"The public key is on {publicCurve.Name}, the private key on {privateCurve.Name}.");
        return privateKey.DeriveRawSecretAgreement(publicKey.PublicKey);
    }

    /// <summary>RFC 7748 §6.1 by libsodium, which refuses small-order public keys (the all-zero secret Web Crypto rejects).</summary>
    private static byte[] X25519(ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> publicSpki)
    {
        var privateKey = OkpKeys.DecodePkcs8(KeyKinds.X25519, privatePkcs8);
        var publicKey = OkpKeys.DecodeSpki(KeyKinds.X25519, publicSpki);
        try
        {
            return Curve25519.X25519.ScalarMultiply(privateKey, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }
}
