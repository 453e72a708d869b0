using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with the IVs and tag lengths Web Crypto allows: any non-empty IV and tags of
/// 32, 64, 96, 104, 112, 120 or 128 bits. Output is ciphertext ‖ tag.
/// </summary>
/// <remarks>
/// A t-bit GCM tag is the leftmost t bits of the full 128-bit tag (SP 800-38D §7.1 step 9), so a short tag is a
/// truncation and verifying it means computing the full tag and comparing its prefix. The platform's
/// <see cref="AesGcm"/> (hardware-accelerated) takes 96-bit IVs and 96..128-bit tags; everything else — other IV
/// lengths, 32- and 64-bit tags — runs on this file's own GCM: CTR over AES-ECB and a branch-free GHASH.
/// </remarks>
public static class AesGcmCipher
{
    private static readonly int[] TagBits = [32, 64, 96, 104, 112, 120, 128];

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        int tagLength, ReadOnlySpan<byte> plaintext)
    {
        var tagBytes = CheckParameters(key, iv, tagLength);
        var output = new byte[plaintext.Length + tagBytes];
        if (UsesPlatform(iv, tagBytes))
        {
            using var gcm = new AesGcm(key, tagBytes);
            gcm.Encrypt(iv, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), additionalData);
            return output;
        }
        var (ciphertext, tag) = Seal(key, iv, additionalData, plaintext);
        ciphertext.CopyTo(output, 0);
        tag.AsSpan(0, tagBytes).CopyTo(output.AsSpan(plaintext.Length));
        return output;
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        int tagLength, ReadOnlySpan<byte> data)
    {
        var tagBytes = CheckParameters(key, iv, tagLength);
        if (data.Length < tagBytes) throw new WebCryptoException($"The data is shorter than the {tagLength}-bit authentication tag.");
        var ciphertext = data[..^tagBytes];
        var tag = data[^tagBytes..];
        if (UsesPlatform(iv, tagBytes))
        {
            var plaintext = new byte[ciphertext.Length];
            using var gcm = new AesGcm(key, tagBytes);
            try
            {
                gcm.Decrypt(iv, ciphertext, tag, plaintext, additionalData);
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw new WebCryptoException("AES-GCM decryption failed: the authentication tag does not match.", e);
            }
            return plaintext;
        }
        return Open(key, iv, additionalData, ciphertext, tag);
    }

    /// <summary>The own implementation: ciphertext and the full 128-bit tag.</summary>
    internal static (byte[] Ciphertext, byte[] Tag) Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> additionalData, ReadOnlySpan<byte> plaintext)
    {
        using var aes = AesKeys.Create(key);
        var j0 = PreCounterBlock(aes, iv);
        var ciphertext = AesCtr.Transform(aes, Increment32(j0), 32, plaintext);
        return (ciphertext, FullTag(aes, j0, additionalData, ciphertext));
    }

    /// <summary>The own implementation's decryption: checks a tag of any length against the full tag's prefix.</summary>
    internal static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        using var aes = AesKeys.Create(key);
        var j0 = PreCounterBlock(aes, iv);
        var expected = FullTag(aes, j0, additionalData, ciphertext);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, tag.Length), tag))
            throw new WebCryptoException("AES-GCM decryption failed: the authentication tag does not match.");
        return AesCtr.Transform(aes, Increment32(j0), 32, ciphertext);
    }

    /// <summary>T = E(K, J0) ⊕ GHASH(A ‖ 0* ‖ C ‖ 0* ‖ [len(A)]64 ‖ [len(C)]64), all 128 bits.</summary>
    private static byte[] FullTag(System.Security.Cryptography.Aes aes, byte[] j0, ReadOnlySpan<byte> additionalData, ReadOnlySpan<byte> ciphertext)
    {
        var ghash = new Ghash(HashSubkey(aes));
        ghash.UpdatePadded(additionalData);
        ghash.UpdatePadded(ciphertext);
        ghash.UpdateLengths(additionalData.Length, ciphertext.Length);
        var tag = aes.EncryptEcb(j0, PaddingMode.None);
        var s = ghash.Digest();
        for (var i = 0; i < 16; i++) tag[i] ^= s[i];
        return tag;
    }

    private static int CheckParameters(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, int tagLength)
    {
        if (key.Length is not (16 or 24 or 32)) throw new WebCryptoException($"An AES key is 16, 24 or 32 bytes, not {key.Length}.");
        if (iv.Length == 0) throw new WebCryptoException("The AES-GCM iv must not be empty.");
        if (Array.IndexOf(TagBits, tagLength) < 0)
            throw new WebCryptoException($"The AES-GCM tag length must be 32, 64, 96, 104, 112, 120 or 128 bits, not {tagLength}.");
        return tagLength / 8;
    }

    private static bool UsesPlatform(ReadOnlySpan<byte> iv, int tagBytes) =>
        AesGcm.IsSupported && iv.Length == 12 && AesGcm.TagByteSizes.MinSize <= tagBytes;

    private static byte[] HashSubkey(System.Security.Cryptography.Aes aes) => aes.EncryptEcb(new byte[16], PaddingMode.None);

    /// <summary>J0: IV ‖ 0^31 ‖ 1 for a 96-bit IV, otherwise GHASH(IV ‖ 0* ‖ 0^64 ‖ [len(IV)]64).</summary>
    private static byte[] PreCounterBlock(System.Security.Cryptography.Aes aes, ReadOnlySpan<byte> iv)
    {
        if (iv.Length == 12)
        {
            var j0 = new byte[16];
            iv.CopyTo(j0);
            j0[15] = 1;
            return j0;
        }
        var ghash = new Ghash(HashSubkey(aes));
        ghash.UpdatePadded(iv);
        ghash.UpdateLengths(0, iv.Length);
        return ghash.Digest();
    }

    /// <summary>inc32: the low 32 bits as a counter modulo 2^32.</summary>
    private static byte[] Increment32(byte[] block)
    {
        var next = (byte[])block.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(next.AsSpan(12), BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(12)) + 1);
        return next;
    }
}
