using System.Security.Cryptography;
using Switchyard.Crypto.Hashing;
using Switchyard.Crypto.Keys;

namespace Switchyard.Crypto.Rsa;

/// <summary>
/// RSA-OAEP (host function <c>rsaOaep</c>): MGF1 uses the same hash as the label. Without a label the platform's
/// constant-time OAEP does the work; the platform has no label parameter, so a non-empty label goes through
/// <see cref="OaepPadding"/> over <see cref="RsaPrimitive"/>.
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
        if (!label.IsEmpty) return OaepPadding.Encrypt(new RsaPrimitive(key, includePrivate: false), algorithm, data, label);
        return key.Encrypt(data.ToArray(), RSAEncryptionPadding.CreateOaep(algorithm));
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> privatePkcs8, ReadOnlySpan<byte> data, string hash, ReadOnlySpan<byte> label)
    {
        var algorithm = HashAlgorithms.Parse(hash);
        using var key = RsaKeys.LoadPrivate(privatePkcs8);
        if (!label.IsEmpty) return OaepPadding.Decrypt(new RsaPrimitive(key, includePrivate: true), algorithm, data, label);
        try
        {
            return key.Decrypt(data.ToArray(), RSAEncryptionPadding.CreateOaep(algorithm));
        }
        catch (CryptographicException e)
        {
            throw new WebCryptoException("RSA-OAEP decryption failed.", e);
        }
    }
}
