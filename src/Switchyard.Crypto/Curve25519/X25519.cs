using System.Security.Cryptography;

namespace Switchyard.Crypto.Curve25519;

/// <summary>
/// The X25519 function of RFC 7748 §5: a constant-time Montgomery ladder over the u-coordinate. Private keys are 32
/// random bytes (clamped on use); public keys are the 32-byte u-coordinate of [k]9.
/// </summary>
public static class X25519
{
    public const int KeySize = 32;

    private static readonly byte[] BasePoint = [9, .. new byte[31]];
    private static readonly FieldElement A24 = FieldElement.FromInt(121665);

    public static byte[] PublicKeyFromPrivateKey(ReadOnlySpan<byte> privateKey) => ScalarMultiply(privateKey, BasePoint);

    /// <summary>X25519(k, u). The caller decides what an all-zero result (a small-order u) means.</summary>
    public static byte[] ScalarMultiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u)
    {
        if (scalar.Length != KeySize) throw new WebCryptoException($"An X25519 private key is {KeySize} bytes, not {scalar.Length}.");
        if (u.Length != KeySize) throw new WebCryptoException($"An X25519 public key is {KeySize} bytes, not {u.Length}.");
        Span<byte> k = stackalloc byte[KeySize];
        scalar.CopyTo(k);
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;

        var x1 = FieldElement.FromBytes(u); // drops the top bit, accepts non-canonical u as §5 requires
        FieldElement x2 = FieldElement.One, z2 = FieldElement.Zero, x3 = x1, z3 = FieldElement.One;
        ulong swap = 0;
        for (var t = 254; t >= 0; t--)
        {
            var bit = (ulong)((k[t >> 3] >> (t & 7)) & 1);
            swap ^= bit;
            FieldElement.ConditionalSwap(ref x2, ref x3, swap);
            FieldElement.ConditionalSwap(ref z2, ref z3, swap);
            swap = bit;

            var a = x2 + z2;
            var aa = a.Square();
            var b = x2 - z2;
            var bb = b.Square();
            var e = aa - bb;
            var c = x3 + z3;
            var d = x3 - z3;
            var da = d * a;
            var cb = c * b;
            x3 = (da + cb).Square();
            z3 = x1 * (da - cb).Square();
            x2 = aa * bb;
            z2 = e * (aa + A24 * e);
        }
        FieldElement.ConditionalSwap(ref x2, ref x3, swap);
        FieldElement.ConditionalSwap(ref z2, ref z3, swap);
        CryptographicOperations.ZeroMemory(k);
        return (x2 * z2.Invert()).ToBytes();
    }
}
