using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Switchyard.Crypto.Keys;
using Switchyard.Crypto.Rsa;

namespace Switchyard.Crypto.Tests;

/// <summary>
/// Textbook RSA (RFC 8017 §5: RSAEP/RSAVP1 and RSADP/RSASP1) with a fixture key, by BouncyCastle's unpadded engine:
/// for tests that build encoded messages by hand. Inputs and outputs are modulus-length big-endian bytes.
/// </summary>
internal sealed class RawRsa(byte[] pkcs8)
{
    private readonly RSA _key = RsaKeys.LoadPrivate(pkcs8);

    public int ModulusBytes => (_key.KeySize + 7) / 8;

    public byte[] Public(byte[] input) => Apply(forEncryption: true, input, isPrivate: false);

    public byte[] Private(byte[] input) => Apply(forEncryption: false, input, isPrivate: true);

    private byte[] Apply(bool forEncryption, byte[] input, bool isPrivate)
    {
        var engine = new RsaEngine();
        engine.Init(forEncryption, isPrivate ? BouncyRsa.Private(_key) : BouncyRsa.Public(_key));
        var output = engine.ProcessBlock(input, 0, input.Length);
        return output.Length == ModulusBytes ? output : [.. new byte[ModulusBytes - output.Length], .. output];
    }
}
