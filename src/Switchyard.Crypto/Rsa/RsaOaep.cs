using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Switchyard.Crypto.Hashing;
using Switchyard.Crypto.Keys;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// RSA-OAEP (host function <c>rsaOaep</c>): MGF1 uses the same hash as the label. Without a label the platform's
/// OAEP (OpenSSL) does the work; the platform has no label parameter, so a non-empty label goes through
/// BouncyCastle's <c>OaepEncoding</c> over its blinded RSA engine.
/// </summary>
public static class RsaOaep
{
    public static byte[] Encrypt(ReadOnlySpan<byte> publicSpki, ReadOnlySpan<byte> data, string hash, ReadOnlySpan<byte> label)
    {
        var algorithm = HashAlgorithms.Parse(hash);
        using var key = RsaKeys.LoadPublic(publicSpki);
        var maximum = (key.KeySize + 7) / 8 - 2 * HashAlgorithms.SizeInBytes(algorithm) - 2;
        if (data.Length > maximum)
            throw new WebCryptoException($"RSA-OAEP with a {key.KeySize}-bit key and {hash} encrypts at most {Math.Max(maximum, 0)} bytes, not {data.Length}.");
        if (label.IsEmpty) return key.Encrypt(data.ToArray(), RSAEncryptionPadding.CreateOaep(algorithm));
        var oaep = Labelled(algorithm, label);
        oaep.Init(true, new ParametersWithRandom(BouncyRsa.Public(key), new SecureRandom()));
        return Pad(oaep.ProcessBlock(data.ToArray(), 0, data.Length), (key.KeySize + 7) / 8);
    }

    /// <summary>Every failure is the same undifferentiated error (Manger's attack).</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> data, string hash, ReadOnlySpan<byte> label)
    {
        var algorithm = HashAlgorithms.Parse(hash);
        using var key = RsaKeys.LoadPrivate(privatePkcs8);
        try
        {
            if (label.IsEmpty) return key.Decrypt(data.ToArray(), RSAEncryptionPadding.CreateOaep(algorithm));
            if (data.Length != (key.KeySize + 7) / 8) throw DecryptionError();
            var oaep = Labelled(algorithm, label);
            oaep.Init(false, new ParametersWithRandom(BouncyRsa.Private(key), new SecureRandom()));
            return oaep.ProcessBlock(data.ToArray(), 0, data.Length);
        }
        catch (Exception e) when (e is CryptographicException or CryptoException or ArgumentException or InvalidOperationException)
        {
            throw DecryptionError(e);
        }
    }

    private static OaepEncoding Labelled(HashAlgorithmName hash, ReadOnlySpan<byte> label) =>
        new(new RsaBlindedEngine(), BouncyRsa.Digest(hash), BouncyRsa.Digest(hash), label.ToArray());

    /// <summary>BouncyCastle drops leading zero bytes of the ciphertext; Web Crypto's is always the modulus length.</summary>
    private static byte[] Pad(byte[] ciphertext, int length) =>
        ciphertext.Length == length ? ciphertext : [.. new byte[length - ciphertext.Length], .. ciphertext];

    private static WebCryptoException DecryptionError(Exception? inner = null) =>
        inner is null ? new("RSA-OAEP decryption failed.") : new("RSA-OAEP decryption failed.", inner);
}
