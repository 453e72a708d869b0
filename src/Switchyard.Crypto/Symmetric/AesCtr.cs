using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// AES-CTR as Web Crypto defines it: the rightmost <c>length</c> bits of the 128-bit counter block are the counter,
/// incremented per block modulo 2^length; the other bits stay fixed. Encryption and decryption are the same XOR.
/// </summary>
public static class AesCtr
{
    private const int ChunkBlocks = 256;

    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> counter, int length, ReadOnlySpan<byte> data)
    {
        if (counter.Length != 16) throw new WebCryptoException($"The AES-CTR counter must be 16 bytes, not {counter.Length}.");
        if (length is < 1 or > 128) throw new WebCryptoException($"The AES-CTR counter length must be between 1 and 128 bits, not {length}.");
        var blocks = ((long)data.Length + 15) / 16;
        // Reusing a counter value would reuse keystream, so more blocks than distinct counter values is refused.
        if (length < 63 && blocks > 1L << length)
            throw new WebCryptoException($"The data needs {blocks} counter blocks but a {length}-bit counter has only {1L << length} distinct values.");

        using var aes = AesKeys.Create(key);
        var mask = length == 128 ? UInt128.MaxValue : (UInt128.One << length) - 1;
        var block = BinaryPrimitives.ReadUInt128BigEndian(counter);
        var output = new byte[data.Length];
        var counterBlocks = new byte[ChunkBlocks * 16];
        var keystream = new byte[ChunkBlocks * 16];
        for (var offset = 0; offset < data.Length; offset += ChunkBlocks * 16)
        {
            var chunk = Math.Min(ChunkBlocks * 16, data.Length - offset);
            var chunkBlocks = (chunk + 15) / 16;
            for (var i = 0; i < chunkBlocks; i++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(counterBlocks.AsSpan(i * 16), block);
                block = (block & ~mask) | ((block + 1) & mask);
            }
            aes.EncryptEcb(counterBlocks.AsSpan(0, chunkBlocks * 16), keystream, PaddingMode.None);
            for (var i = 0; i < chunk; i++) output[offset + i] = (byte)(data[offset + i] ^ keystream[i]);
        }
        return output;
    }
}
