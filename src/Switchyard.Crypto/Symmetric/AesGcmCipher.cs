using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Modes.Gcm;
using Org.BouncyCastle.Crypto.Parameters;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with the IVs and tag lengths Web Crypto allows: any non-empty IV and tags of
/// 32, 64, 96, 104, 112, 120 or 128 bits. Output is ciphertext ‖ tag.
/// </summary>
/// <remarks>
/// The platform's <see cref="AesGcm"/> (OpenSSL, hardware-accelerated) takes 96-bit IVs and 96..128-bit tags and does
/// those. Other IV lengths and 32- or 64-bit tags run on BouncyCastle's <c>GcmBlockCipher</c> over its AES engine
/// (AES-NI where present), with the <c>BasicGcmMultiplier</c> (carry-less multiplication, PCLMULQDQ where present):
/// no tables indexed by the hash key, so no cache-timing leak of it. A t-bit tag is the leftmost t bits of the full
/// tag (SP 800-38D §7.1), which BouncyCastle computes and compares in constant time.
/// </remarks>
public static class AesGcmCipher
{
    private static readonly int[] TagBits = [32, 64, 96, 104, 112, 120, 128];

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        int tagLength, ReadOnlySpan<byte> plaintext)
    {
        var tagBytes = CheckParameters(key, iv, tagLength);
        if (!UsesPlatform(iv, tagBytes)) return Library(forEncryption: true, key, iv, additionalData, tagLength, plaintext);
        var output = new byte[plaintext.Length + tagBytes];
        using var gcm = new AesGcm(key, tagBytes);
        gcm.Encrypt(iv, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), additionalData);
        return output;
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        int tagLength, ReadOnlySpan<byte> data)
    {
        var tagBytes = CheckParameters(key, iv, tagLength);
        if (data.Length < tagBytes) throw new WebCryptoException($"The data is shorter than the {tagLength}-bit authentication tag.");
        if (!UsesPlatform(iv, tagBytes)) return Library(forEncryption: false, key, iv, additionalData, tagLength, data);
        var ciphertext = data[..^tagBytes];
        var plaintext = new byte[ciphertext.Length];
        using var gcm = new AesGcm(key, tagBytes);
        try
        {
            gcm.Decrypt(iv, ciphertext, data[^tagBytes..], plaintext, additionalData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw TagMismatch(e);
        }
        return plaintext;
    }

    /// <summary>
    /// BouncyCastle's GCM, for what the platform refuses; reachable directly so tests can compare it with the platform,
    /// and with <paramref name="engine"/> to run it over a chosen AES (default: <see cref="AesBlock.Create"/>).
    /// </summary>
    internal static byte[] Library(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> additionalData,
        int tagLength, ReadOnlySpan<byte> input, IBlockCipher? engine = null)
    {
        CheckParameters(key, iv, tagLength);
        // The constructor without a multiplier picks BasicGcmMultiplier only where PCLMULQDQ is present and 4 KiB
        // tables indexed by the hash key elsewhere (ARM64 included); the basic one's software path is constant-time.
        // BouncyCastle marks this constructor obsolete: when it goes, this choice has to be made again.
#pragma warning disable CS0618
        var gcm = new GcmBlockCipher(engine ?? AesBlock.Create(), new BasicGcmMultiplier());
#pragma warning restore CS0618
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), tagLength, iv.ToArray(), additionalData.ToArray()));
        var output = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var written = gcm.ProcessBytes(input, output);
            written += gcm.DoFinal(output.AsSpan(written));
            return written == output.Length ? output : output[..written];
        }
        catch (InvalidCipherTextException e)
        {
            CryptographicOperations.ZeroMemory(output);
            throw TagMismatch(e);
        }
    }

    private static int CheckParameters(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, int tagLength)
    {
        AesKeys.Check(key);
        if (iv.Length == 0) throw new WebCryptoException("The AES-GCM iv must not be empty.");
        if (Array.IndexOf(TagBits, tagLength) < 0)
            throw new WebCryptoException($"The AES-GCM tag length must be 32, 64, 96, 104, 112, 120 or 128 bits, not {tagLength}.");
        return tagLength / 8;
    }

    private static bool UsesPlatform(ReadOnlySpan<byte> iv, int tagBytes) =>
        AesGcm.IsSupported && iv.Length == 12 && AesGcm.TagByteSizes.MinSize <= tagBytes;

    private static WebCryptoException TagMismatch(Exception inner) =>
        new("AES-GCM decryption failed: the authentication tag does not match.", inner);
}
