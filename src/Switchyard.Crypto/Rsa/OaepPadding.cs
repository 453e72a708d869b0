using System.Security.Cryptography;
using Switchyard.Crypto.Hashing;

namespace Switchyard.Crypto.Rsa;

/// <summary>RSAES-OAEP (RFC 8017 §7.1) with a label and MGF1 over the same hash.</summary>
internal static class OaepPadding
{
    public static byte[] Encrypt(RsaPrimitive key, HashAlgorithmName hash, ReadOnlySpan<byte> message, ReadOnlySpan<byte> label)
    {
        var hashLength = HashAlgorithms.SizeInBytes(hash);
        var k = key.ModulusBytes;
        if (message.Length > k - 2 * hashLength - 2) throw new ArgumentException("The message is too long for the key.", nameof(message));

        // EM = 0x00 ‖ maskedSeed ‖ maskedDB, DB = lHash ‖ 0x00… ‖ 0x01 ‖ M
        var em = new byte[k];
        var seed = em.AsSpan(1, hashLength);
        var db = em.AsSpan(1 + hashLength);
        HashAlgorithms.Hash(hash, label).CopyTo(db);
        db[^(message.Length + 1)] = 0x01;
        message.CopyTo(db[^message.Length..]);
        RandomNumberGenerator.Fill(seed);
        Mgf1.XorInto(hash, seed, db);
        Mgf1.XorInto(hash, db, seed);
        return key.Public(em) ?? throw new CryptographicException("The OAEP encoding is not below the modulus.");
    }

    /// <summary>Decoding whose checks run without data-dependent branches, ending in one undifferentiated error (Manger's attack).</summary>
    public static byte[] Decrypt(RsaPrimitive key, HashAlgorithmName hash, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> label)
    {
        var hashLength = HashAlgorithms.SizeInBytes(hash);
        var k = key.ModulusBytes;
        if (ciphertext.Length != k || k < 2 * hashLength + 2) throw DecryptionError();
        byte[] em;
        try
        {
            em = key.Private(ciphertext);
        }
        catch (WebCryptoException)
        {
            throw DecryptionError();
        }

        var seed = em.AsSpan(1, hashLength);
        var db = em.AsSpan(1 + hashLength);
        Mgf1.XorInto(hash, db, seed);
        Mgf1.XorInto(hash, seed, db);

        var bad = em[0];
        var expectedHash = HashAlgorithms.Hash(hash, label);
        for (var i = 0; i < hashLength; i++) bad |= (byte)(db[i] ^ expectedHash[i]);
        // Find the 0x01 after the zero padding: track "still in padding" and the first 0x01's index with masks.
        var inPadding = 1;
        var separator = 0;
        for (var i = hashLength; i < db.Length; i++)
        {
            var isOne = IsZero(db[i] ^ 0x01);
            var isZero = IsZero(db[i]);
            separator |= i & -(inPadding & isOne);
            bad |= (byte)(inPadding & (1 - isZero) & (1 - isOne));
            inPadding &= isZero;
        }
        bad |= (byte)inPadding;
        if (bad != 0) throw DecryptionError();
        return db[(separator + 1)..].ToArray();
    }

    private static int IsZero(int value) => (int)(((uint)value - 1) >> 31) & 1;

    private static WebCryptoException DecryptionError() => new("RSA-OAEP decryption failed.");
}
