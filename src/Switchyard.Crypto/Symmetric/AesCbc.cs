using System.Security.Cryptography;

namespace Switchyard.Crypto.Symmetric;

/// <summary>AES-CBC with PKCS #7 padding (NIST SP 800-38A §6.2).</summary>
public static class AesCbc
{
    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CheckIv(iv);
        using var aes = AesKeys.Create(key);
        return aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext)
    {
        CheckIv(iv);
        using var aes = AesKeys.Create(key);
        if (ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
            throw new WebCryptoException($"AES-CBC ciphertext must be a non-empty multiple of 16 bytes, not {ciphertext.Length}.");
        try
        {
            return aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException e)
        {
            throw new WebCryptoException("AES-CBC decryption failed: the padding is invalid.", e);
        }
    }

    private static void CheckIv(ReadOnlySpan<byte> iv)
    {
        if (iv.Length != 16) throw new WebCryptoException($"The AES-CBC iv must be 16 bytes, not {iv.Length}.");
    }
}
