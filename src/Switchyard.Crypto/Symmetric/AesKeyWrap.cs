using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// AES Key Wrap (RFC 3394 §2.2, default IV A6A6A6A6A6A6A6A6) over single-block AES-ECB. The platform's key wrap is
/// the padded variant of RFC 5649, which produces different output, so this is its own implementation.
/// </summary>
public static class AesKeyWrap
{
    private const ulong DefaultIv = 0xA6A6A6A6A6A6A6A6;

    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length < 16 || plaintext.Length % 8 != 0)
            throw new WebCryptoException($"AES-KW wraps a multiple of 8 bytes, at least 16, not {plaintext.Length}.");
        using var aes = AesKeys.Create(key);
        var n = plaintext.Length / 8;
        var output = new byte[plaintext.Length + 8];
        plaintext.CopyTo(output.AsSpan(8));
        var a = DefaultIv;
        Span<byte> block = stackalloc byte[16];
        for (var j = 0; j <= 5; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var r = output.AsSpan(i * 8, 8);
                BinaryPrimitives.WriteUInt64BigEndian(block, a);
                r.CopyTo(block[8..]);
                aes.EncryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block) ^ (ulong)(n * j + i);
                block[8..].CopyTo(r);
            }
        }
        BinaryPrimitives.WriteUInt64BigEndian(output, a);
        return output;
    }

    public static byte[] Unwrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < 24 || ciphertext.Length % 8 != 0)
            throw new WebCryptoException($"AES-KW unwraps a multiple of 8 bytes, at least 24, not {ciphertext.Length}.");
        using var aes = AesKeys.Create(key);
        var n = ciphertext.Length / 8 - 1;
        var output = ciphertext[8..].ToArray();
        var a = BinaryPrimitives.ReadUInt64BigEndian(ciphertext);
        Span<byte> block = stackalloc byte[16];
        for (var j = 5; j >= 0; j--)
        {
            for (var i = n; i >= 1; i--)
            {
                var r = output.AsSpan((i - 1) * 8, 8);
                BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)(n * j + i));
                r.CopyTo(block[8..]);
                aes.DecryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block);
                block[8..].CopyTo(r);
            }
        }
        // Compare without an early exit so the check's timing says nothing about the unwrapped key.
        if ((a ^ DefaultIv) != 0)
        {
            CryptographicOperations.ZeroMemory(output);
            throw new WebCryptoException("AES-KW unwrapping failed: the integrity check value does not match.");
        }
        return output;
    }
}
