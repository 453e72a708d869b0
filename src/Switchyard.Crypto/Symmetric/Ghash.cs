using System.Buffers.Binary;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// GHASH of NIST SP 800-38D §6.4: multiplication in GF(2^128) by the hash subkey H, bit by bit with masks instead of
/// branches or tables, so the time taken doesn't depend on H or the data.
/// </summary>
internal sealed class Ghash(ReadOnlySpan<byte> hashSubkey)
{
    private readonly ulong _hHigh = BinaryPrimitives.ReadUInt64BigEndian(hashSubkey);
    private readonly ulong _hLow = BinaryPrimitives.ReadUInt64BigEndian(hashSubkey[8..]);
    private ulong _yHigh, _yLow;

    /// <summary>Absorbs <paramref name="data"/> zero-padded to a whole number of 16-byte blocks.</summary>
    public void UpdatePadded(ReadOnlySpan<byte> data)
    {
        var whole = data.Length / 16 * 16;
        for (var offset = 0; offset < whole; offset += 16)
            Absorb(BinaryPrimitives.ReadUInt64BigEndian(data[offset..]), BinaryPrimitives.ReadUInt64BigEndian(data[(offset + 8)..]));
        if (whole == data.Length) return;
        Span<byte> last = stackalloc byte[16];
        data[whole..].CopyTo(last);
        Absorb(BinaryPrimitives.ReadUInt64BigEndian(last), BinaryPrimitives.ReadUInt64BigEndian(last[8..]));
    }

    /// <summary>Absorbs the final block [len(A)]64 ‖ [len(C)]64, lengths in bits.</summary>
    public void UpdateLengths(long firstBytes, long secondBytes) => Absorb((ulong)firstBytes * 8, (ulong)secondBytes * 8);

    public byte[] Digest()
    {
        var result = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(result, _yHigh);
        BinaryPrimitives.WriteUInt64BigEndian(result.AsSpan(8), _yLow);
        return result;
    }

    /// <summary>Y = (Y ⊕ X)·H with SP 800-38D Algorithm 1 (bit 0 is the most significant bit of the first byte).</summary>
    private void Absorb(ulong xHigh, ulong xLow)
    {
        ulong xh = _yHigh ^ xHigh, xl = _yLow ^ xLow;
        ulong zHigh = 0, zLow = 0, vHigh = _hHigh, vLow = _hLow;
        for (var i = 0; i < 128; i++)
        {
            var bit = i < 64 ? (xh >> (63 - i)) & 1 : (xl >> (127 - i)) & 1;
            var take = 0 - bit;
            zHigh ^= vHigh & take;
            zLow ^= vLow & take;
            var reduce = 0 - (vLow & 1);
            vLow = (vLow >> 1) | (vHigh << 63);
            vHigh = (vHigh >> 1) ^ (0xE100000000000000UL & reduce);
        }
        _yHigh = zHigh;
        _yLow = zLow;
    }
}
