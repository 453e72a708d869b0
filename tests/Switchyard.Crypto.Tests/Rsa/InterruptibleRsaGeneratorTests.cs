using System.Security.Cryptography;
using Switchyard.Crypto.Rsa;
using Xunit;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Switchyard.Crypto.Tests.Rsa;

/// <summary>The stoppable generator behind RSA keys above 4096 bits: its keys are sound, and its checkpoint stops it.</summary>
public sealed class InterruptibleRsaGeneratorTests
{
    [Theory]
    [InlineData(1024, 65537)]
    [InlineData(1032, 3)]
    public void It_makes_keys_the_platform_accepts_and_asks_its_checkpoint_between_steps(int bits, int exponent)
    {
        int checkpoints = 0;
        RSAParameters parameters = InterruptibleRsaGenerator.Generate(bits, BigInteger.ValueOf(exponent), () => checkpoints++);
        using var key = RSA.Create();
        key.ImportParameters(parameters);  // OpenSSL checks the key (RSA_check_key)
        Assert.Equal(bits, key.KeySize);
        byte[] data = [1, 2, 3];
        byte[] signature = key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        Assert.True(key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.True(checkpoints >= 2 * 4, $"{checkpoints} checkpoints");
    }

    [Fact]
    public void A_throwing_checkpoint_stops_the_generation()
    {
        int checkpoints = 0;
        Assert.Throws<OperationCanceledException>(() => InterruptibleRsaGenerator.Generate(16384, BigInteger.ValueOf(65537), () =>
        {
            if (++checkpoints == 5) throw new OperationCanceledException();
        }));
        Assert.Equal(5, checkpoints);
    }
}
