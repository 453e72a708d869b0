using System.Security.Cryptography;

namespace Switchyard.Crypto.Hashing;

/// <summary>PBKDF2 (RFC 8018) and HKDF (RFC 5869), host functions <c>pbkdf2</c> and <c>hkdf</c>.</summary>
public static class KeyDerivation
{
    /// <summary>
    /// Workers' cap (<c>DEFAULT_MAX_PBKDF2_ITERATIONS</c> of workerd's limit enforcer): one PBKDF2 call runs without
    /// yielding, so a larger count would let one request hold a core far past its CPU limit.
    /// </summary>
    public const int MaxPbkdf2Iterations = 100_000;

    /// <summary>
    /// PBKDF2 with HMAC over <paramref name="hash"/>. Iteration counts as Workers bounds them: 0 (or less) is an
    /// <c>OperationError</c>, more than <see cref="MaxPbkdf2Iterations"/> a <c>NotSupportedError</c>, both with
    /// Workers' messages.
    /// </summary>
    public static byte[] Pbkdf2(string hash, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations, int length)
    {
        var algorithm = HashAlgorithms.Parse(hash);
        if (iterations <= 0) throw WebCryptoException.Operation($"PBKDF2 requires a positive iteration count (requested {iterations}).");
        if (iterations > MaxPbkdf2Iterations)
            throw WebCryptoException.NotSupported($"Pbkdf2 failed: iteration counts above {MaxPbkdf2Iterations} are not supported (requested {iterations}).");
        if (length <= 0) throw new WebCryptoException("The derived length must be greater than zero.");
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, algorithm, length);
    }

    /// <summary>Extract-then-expand; an empty salt means HashLen zero bytes, as RFC 5869 §2.2 specifies.</summary>
    public static byte[] Hkdf(string hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        var algorithm = HashAlgorithms.Parse(hash);
        if (length <= 0) throw new WebCryptoException("The derived length must be greater than zero.");
        var max = 255 * HashAlgorithms.SizeInBytes(algorithm);
        if (length > max) throw new WebCryptoException($"HKDF with {hash} derives at most {max} bytes, not {length}.");
        // Extract by HMAC here rather than HKDF.DeriveKey/Extract: on Linux those run OpenSSL's HKDF, which refuses an
        // empty input key ("missing key"), and an empty key is valid HKDF input that WebCrypto accepts. HMAC pads its
        // key with zeros, so an empty salt is the HashLen zero bytes RFC 5869 asks for.
        var prk = CryptographicOperations.HmacData(algorithm, salt, key);
        var output = new byte[length];
        HKDF.Expand(algorithm, prk, output, info);
        return output;
    }
}
