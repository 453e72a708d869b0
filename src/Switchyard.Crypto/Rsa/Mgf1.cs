using System.Buffers.Binary;
using System.Security.Cryptography;
using Switchyard.Crypto.Hashing;

namespace Switchyard.Crypto.Rsa;

/// <summary>MGF1 (RFC 8017 §B.2.1), applied by XOR onto a buffer as both OAEP and PSS use it.</summary>
internal static class Mgf1
{
    public static void XorInto(HashAlgorithmName hash, ReadOnlySpan<byte> seed, Span<byte> target)
    {
        var hashLength = HashAlgorithms.SizeInBytes(hash);
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        for (uint counter = 0, offset = 0; offset < target.Length; counter++, offset += (uint)hashLength)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(seed.Length), counter);
            var block = HashAlgorithms.Hash(hash, input);
            var span = target[(int)offset..];
            for (var i = 0; i < Math.Min(hashLength, span.Length); i++) span[i] ^= block[i];
        }
    }
}
