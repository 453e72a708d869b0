using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Switchyard.Crypto.Rsa;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Tests.Rsa;

public sealed class BouncyRsaTests
{
    [Fact]
    public void Hands_keys_over_without_re_proving_the_modulus_composite()
    {
        // BouncyCastle's key constructors would spend Miller-Rabin rounds (16-20 ms at 2048 bits, seconds at 16384) to
        // refuse a prime modulus, on every use; the handover turns those rounds off. A prime "modulus" shows they are off.
        var prime = BigInteger.ProbablePrime(1024, new SecureRandom());
        using var key = RSA.Create();
        key.ImportParameters(new RSAParameters { Modulus = prime.ToByteArrayUnsigned(), Exponent = [1, 0, 1] });
        Assert.Equal(prime, BouncyRsa.Public(key).Modulus);

        // Only for that call: BouncyCastle's default (the rounds) applies to anything else on the thread.
        Assert.Throws<ArgumentException>(() => new Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters(false, prime, BigInteger.ValueOf(65537)));
    }

    [Fact]
    public void Private_keys_keep_their_crt_values()
    {
        using var key = Switchyard.Crypto.Keys.RsaKeys.LoadPrivate(Fixtures.RsaPkcs8);
        var expected = key.ExportParameters(true);
        var handed = BouncyRsa.Private(key);
        Assert.Equal(Hex.Of(expected.Modulus!), Hex.Of(handed.Modulus.ToByteArrayUnsigned()));
        Assert.Equal(Hex.Of(expected.P!), Hex.Of(handed.P.ToByteArrayUnsigned()));
        Assert.Equal(Hex.Of(expected.InverseQ!), Hex.Of(handed.QInv.ToByteArrayUnsigned()));
    }
}
