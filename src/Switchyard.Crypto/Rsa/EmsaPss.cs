using System.Security.Cryptography;
using Switchyard.Crypto.Hashing;

namespace Switchyard.Crypto.Rsa;

/// <summary>RSASSA-PSS (RFC 8017 §8.1) with an explicit salt length and MGF1 over the message hash.</summary>
internal static class EmsaPss
{
    public static byte[] Sign(RsaPrimitive key, HashAlgorithmName hash, ReadOnlySpan<byte> message, int saltLength)
    {
        RequireRoom(key.ModulusBits, hash, saltLength);
        var hashLength = HashAlgorithms.SizeInBytes(hash);
        var emBits = key.ModulusBits - 1;
        var emLength = (emBits + 7) / 8;
        var salt = RandomNumberGenerator.GetBytes(saltLength);
        var h = MPrimeHash(hash, HashAlgorithms.Hash(hash, message), salt);
        var em = new byte[emLength];
        var db = em.AsSpan(0, emLength - hashLength - 1);
        db[emLength - saltLength - hashLength - 2] = 0x01;
        salt.CopyTo(db[^saltLength..]);
        Mgf1.XorInto(hash, h, db);
        db[0] &= (byte)(0xFF >> (8 * emLength - emBits));
        h.CopyTo(em, emLength - hashLength - 1);
        em[^1] = 0xBC;
        return key.Private(Pad(em, key.ModulusBytes));
    }

    /// <summary>The encoded message (modulus bits - 1) must hold the hash, the salt and two more bytes.</summary>
    public static void RequireRoom(int modulusBits, HashAlgorithmName hash, int saltLength)
    {
        if ((modulusBits - 1 + 7) / 8 < HashAlgorithms.SizeInBytes(hash) + saltLength + 2)
            throw new WebCryptoException($"A {modulusBits}-bit RSA key cannot hold a PSS signature with a {saltLength}-byte salt and this hash.");
    }

    public static bool Verify(RsaPrimitive key, HashAlgorithmName hash, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, int saltLength)
    {
        var hashLength = HashAlgorithms.SizeInBytes(hash);
        var emBits = key.ModulusBits - 1;
        var emLength = (emBits + 7) / 8;
        if (saltLength < 0 || emLength < hashLength + saltLength + 2) return false;
        if (key.Public(signature) is not { } m) return false;
        // m < 2^emBits must hold: the bytes above emLength and the top 8·emLength - emBits bits are zero.
        var leading = m.Length - emLength;
        if (m.AsSpan(0, leading).IndexOfAnyExcept((byte)0) >= 0) return false;
        var em = m.AsSpan(leading);
        if (em[^1] != 0xBC) return false;
        var topMask = (byte)(0xFF << (8 - (8 * emLength - emBits)));
        if ((em[0] & topMask) != 0) return false;

        var db = em[..(emLength - hashLength - 1)].ToArray();
        var h = em.Slice(emLength - hashLength - 1, hashLength);
        Mgf1.XorInto(hash, h, db);
        db[0] &= (byte)~topMask;
        var separator = emLength - hashLength - saltLength - 2;
        if (db.AsSpan(0, separator).IndexOfAnyExcept((byte)0) >= 0 || db[separator] != 0x01) return false;
        var expected = MPrimeHash(hash, HashAlgorithms.Hash(hash, message), db.AsSpan(separator + 1));
        return CryptographicOperations.FixedTimeEquals(expected, h);
    }

    /// <summary>H = Hash(0x00 × 8 ‖ mHash ‖ salt).</summary>
    private static byte[] MPrimeHash(HashAlgorithmName hash, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> salt)
    {
        var mPrime = new byte[8 + messageHash.Length + salt.Length];
        messageHash.CopyTo(mPrime.AsSpan(8));
        salt.CopyTo(mPrime.AsSpan(8 + messageHash.Length));
        return HashAlgorithms.Hash(hash, mPrime);
    }

    /// <summary>EM is one byte shorter than the modulus when emBits is a multiple of 8.</summary>
    private static byte[] Pad(byte[] em, int length) => em.Length == length ? em : [.. new byte[length - em.Length], .. em];
}
