using System.Security.Cryptography;

namespace Switchyard.Crypto.Hashing;

/// <summary>Message digests and HMAC (host functions <c>digest</c> and <c>hmac</c>).</summary>
public static class Digests
{
    /// <summary>SHA-1/256/384/512 or MD5 of <paramref name="data"/>.</summary>
    public static byte[] Digest(string algorithm, ReadOnlySpan<byte> data) =>
        algorithm == "MD5" ? MD5.HashData(data) : HashAlgorithms.Hash(HashAlgorithms.Parse(algorithm), data);

    /// <summary>The full-length HMAC of <paramref name="data"/> (RFC 2104); the caller compares MACs in constant time.</summary>
    public static byte[] Hmac(string hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HashAlgorithms.Parse(hash).Name switch
    {
        "SHA1" => HMACSHA1.HashData(key, data),
        "SHA256" => HMACSHA256.HashData(key, data),
        "SHA384" => HMACSHA384.HashData(key, data),
        _ => HMACSHA512.HashData(key, data),
    };
}
