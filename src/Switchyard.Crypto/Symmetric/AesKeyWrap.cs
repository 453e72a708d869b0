using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// AES Key Wrap (RFC 3394 §2.2, default IV A6A6A6A6A6A6A6A6): BouncyCastle's <c>Rfc3394WrapEngine</c> over
/// <see cref="AesBlock"/>. The platform's key wrap is the padded variant of RFC 5649, which produces different output.
/// </summary>
public static class AesKeyWrap
{
    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext) => Wrap(key, plaintext, AesBlock.Create());

    public static byte[] Unwrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext) => Unwrap(key, ciphertext, AesBlock.Create());

    /// <summary>Over a chosen AES engine (tests run both).</summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, IBlockCipher aes)
    {
        if (plaintext.Length < 16 || plaintext.Length % 8 != 0)
            throw new WebCryptoException($"AES-KW wraps a multiple of 8 bytes, at least 16, not {plaintext.Length}.");
        var engine = Engine(forWrapping: true, key, aes);
        return engine.Wrap(plaintext.ToArray(), 0, plaintext.Length);
    }

    internal static byte[] Unwrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext, IBlockCipher aes)
    {
        if (ciphertext.Length < 24 || ciphertext.Length % 8 != 0)
            throw new WebCryptoException($"AES-KW unwraps a multiple of 8 bytes, at least 24, not {ciphertext.Length}.");
        var engine = Engine(forWrapping: false, key, aes);
        try
        {
            return engine.Unwrap(ciphertext.ToArray(), 0, ciphertext.Length);
        }
        catch (InvalidCipherTextException e)
        {
            throw new WebCryptoException("AES-KW unwrapping failed: the integrity check value does not match.", e);
        }
    }

    private static Rfc3394WrapEngine Engine(bool forWrapping, ReadOnlySpan<byte> key, IBlockCipher aes)
    {
        AesKeys.Check(key);
        var engine = new Rfc3394WrapEngine(aes);
        engine.Init(forWrapping, new KeyParameter(key));
        return engine;
    }
}
