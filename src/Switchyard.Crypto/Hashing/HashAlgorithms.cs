using System.Security.Cryptography;

namespace Switchyard.Crypto.Hashing;

/// <summary>The Web Crypto hash names the host interface accepts, mapped to .NET.</summary>
internal static class HashAlgorithms
{
    /// <summary>SHA-1 and SHA-2; MD5 is only valid for <see cref="Digests.Digest"/>.</summary>
    public static HashAlgorithmName Parse(string? name) => name switch
    {
        "SHA-1" => HashAlgorithmName.SHA1,
        "SHA-256" => HashAlgorithmName.SHA256,
        "SHA-384" => HashAlgorithmName.SHA384,
        "SHA-512" => HashAlgorithmName.SHA512,
        null => throw new WebCryptoException("A hash algorithm is required."),
        _ => throw new WebCryptoException($"Unsupported hash algorithm '{name}'."),
    };

    public static int SizeInBytes(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA1" => 20,
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, null),
    };

    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data) => hash.Name switch
    {
        "SHA1" => SHA1.HashData(data),
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, null),
    };
}
