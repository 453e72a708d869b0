using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Crypto.Tests.Signing;

public sealed class EcdsaSignatureTests
{
    [Fact]
    public void Verifies_the_rfc6979_signature()
    {
        var parameters = new SignParams(Hash: "SHA-256", NamedCurve: "P-256");
        var signature = Hex.Bytes(Fixtures.P256SampleSignature);
        Assert.True(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, signature, "sample"u8, parameters));
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, signature, "Sample"u8, parameters));
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, signature, "sample"u8, parameters with { Hash = "SHA-384" }));
    }

    [Theory]
    [InlineData("P-256", "SHA-256", 64)]
    [InlineData("P-384", "SHA-384", 96)]
    [InlineData("P-521", "SHA-512", 132)]
    [InlineData("P-256", "SHA-512", 64)]
    public void Signatures_are_fixed_width_r_s_and_round_trip(string curve, string hash, int length)
    {
        var pair = WebCrypto.GenerateKeyPair("EC", new KeyGenParams(NamedCurve: curve));
        var parameters = new SignParams(Hash: hash, NamedCurve: curve);
        var message = Encoding.UTF8.GetBytes($"message for {curve}");
        var signature = WebCrypto.Sign("ECDSA", pair.PrivatePkcs8, message, parameters);
        Assert.Equal(length, signature.Length);
        Assert.True(WebCrypto.Verify("ECDSA", pair.PublicSpki, signature, message, parameters));

        var tampered = (byte[])signature.Clone();
        tampered[^1] ^= 1;
        Assert.False(WebCrypto.Verify("ECDSA", pair.PublicSpki, tampered, message, parameters));
    }

    [Fact]
    public void Der_encoded_and_wrong_length_signatures_verify_as_false()
    {
        var parameters = new SignParams(Hash: "SHA-256", NamedCurve: "P-256");
        var p1363 = Hex.Bytes(Fixtures.P256SampleSignature);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Fixtures.P256Pkcs8, out _);
        var der = key.SignData("sample"u8.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, der, "sample"u8, parameters));
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, p1363[..63], "sample"u8, parameters));
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, [], "sample"u8, parameters));
        Assert.False(WebCrypto.Verify("ECDSA", Fixtures.P256Spki, new byte[64], "sample"u8, parameters));
    }

    [Fact]
    public void Refuses_a_key_on_another_curve_than_named()
    {
        var error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.Sign("ECDSA", Fixtures.P256Pkcs8, "m"u8, new SignParams(Hash: "SHA-256", NamedCurve: "P-384")));
        Assert.Equal("The key is on P-256, not P-384.", error.Message);
    }
}
