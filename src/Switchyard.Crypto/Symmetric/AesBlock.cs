using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace Switchyard.Crypto.Symmetric;

/// <summary>
/// The AES block cipher under BouncyCastle's modes (GCM for what the platform refuses, RFC 3394 key wrap).
/// BouncyCastle's own engine is AES-NI code where the CPU has AES-NI (x86-64) and otherwise a portable engine that
/// looks up tables at key-dependent indexes (a cache-timing risk between tenants); there, the platform's AES (OpenSSL:
/// ARMv8 crypto instructions or its constant-time vector code) does the block operations instead.
/// </summary>
internal static class AesBlock
{
    public static IBlockCipher Create() => AesUtilities.IsHardwareAccelerated ? AesUtilities.CreateEngine() : new PlatformAes();

    /// <summary>One 16-byte block at a time through <see cref="Aes"/>'s ECB transform (no padding, no chaining).</summary>
    internal sealed class PlatformAes : IBlockCipher
    {
        private Aes? _aes;
        private bool _forEncryption;

        public string AlgorithmName => "AES";

        public int GetBlockSize() => 16;

        public void Init(bool forEncryption, ICipherParameters parameters)
        {
            if (parameters is not KeyParameter key) throw new ArgumentException("AES takes a KeyParameter.", nameof(parameters));
            _aes?.Dispose();
            _aes = AesKeys.Create(key.GetKey());
            _forEncryption = forEncryption;
        }

        public int ProcessBlock(byte[] inBuf, int inOff, byte[] outBuf, int outOff) =>
            ProcessBlock(inBuf.AsSpan(inOff, 16), outBuf.AsSpan(outOff, 16));

        public int ProcessBlock(ReadOnlySpan<byte> input, Span<byte> output)
        {
            var aes = _aes ?? throw new InvalidOperationException("AES not initialised.");
            _ = _forEncryption
                ? aes.EncryptEcb(input[..16], output[..16], PaddingMode.None)
                : aes.DecryptEcb(input[..16], output[..16], PaddingMode.None);
            return 16;
        }
    }
}
