using System.Buffers.Text;

namespace Switchyard.Crypto.Tests.Agreement;

public sealed class KeyAgreementTests
{
    [Fact]
    public void Ecdh_matches_openssls_shared_secret()
    {
        Assert.Equal(Fixtures.P256EcdhSecret, Hex.Of(WebCrypto.DeriveBits("ECDH", Fixtures.P256Pkcs8, Fixtures.OtherP256Spki)));
    }

    [Theory]
    [InlineData("P-256", 32)]
    [InlineData("P-384", 48)]
    [InlineData("P-521", 66)]
    public void Ecdh_parties_agree_on_a_field_size_secret(string curve, int length)
    {
        var alice = WebCrypto.GenerateKeyPair("EC", new KeyGenParams(NamedCurve: curve));
        var bob = WebCrypto.GenerateKeyPair("EC", new KeyGenParams(NamedCurve: curve));
        var secret = WebCrypto.DeriveBits("ECDH", alice.PrivatePkcs8, bob.PublicSpki);
        Assert.Equal(length, secret.Length);
        Assert.Equal(secret, WebCrypto.DeriveBits("ECDH", bob.PrivatePkcs8, alice.PublicSpki));
    }

    [Fact]
    public void Ecdh_refuses_keys_on_different_curves()
    {
        var other = WebCrypto.GenerateKeyPair("EC", new KeyGenParams(NamedCurve: "P-384"));
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.DeriveBits("ECDH", Fixtures.P256Pkcs8, other.PublicSpki));
        Assert.Contains("P-384", error.Message);
    }

    [Fact]
    public void X25519_reproduces_rfc7748_section_6_1_through_der_keys()
    {
        var alice = ImportX25519("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        var bobPublic = WebCrypto.ImportKey("X25519", "raw", Hex.Bytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")).Der;
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex.Of(WebCrypto.DeriveBits("X25519", alice, bobPublic)));
    }

    [Fact]
    public void X25519_parties_agree_and_small_order_points_are_refused()
    {
        var alice = WebCrypto.GenerateKeyPair("X25519", new KeyGenParams());
        var bob = WebCrypto.GenerateKeyPair("X25519", new KeyGenParams());
        Assert.Equal(WebCrypto.DeriveBits("X25519", alice.PrivatePkcs8, bob.PublicSpki), WebCrypto.DeriveBits("X25519", bob.PrivatePkcs8, alice.PublicSpki));

        foreach (var point in new[] { new byte[32], [1, .. new byte[31]] })
        {
            var smallOrder = WebCrypto.ImportKey("X25519", "raw", point).Der;
            var error = Assert.Throws<WebCryptoException>(() => WebCrypto.DeriveBits("X25519", alice.PrivatePkcs8, smallOrder));
            Assert.Contains("small order", error.Message);
        }
    }

    [Fact]
    public void Refuses_mixed_kinds_and_unknown_algorithms()
    {
        var x25519 = WebCrypto.GenerateKeyPair("X25519", new KeyGenParams());
        Assert.Throws<WebCryptoException>(() => WebCrypto.DeriveBits("ECDH", Fixtures.P256Pkcs8, x25519.PublicSpki));
        Assert.Throws<WebCryptoException>(() => WebCrypto.DeriveBits("X25519", x25519.PrivatePkcs8, Fixtures.Ed25519Spki));
        Assert.Throws<WebCryptoException>(() => WebCrypto.DeriveBits("DH", x25519.PrivatePkcs8, x25519.PublicSpki));
    }

    private static byte[] ImportX25519(string privateKey, string publicKey) => WebCrypto.ImportJwk("X25519", new Dictionary<string, string>
    {
        ["kty"] = "OKP",
        ["crv"] = "X25519",
        ["x"] = Base64Url.EncodeToString(Hex.Bytes(publicKey)),
        ["d"] = Base64Url.EncodeToString(Hex.Bytes(privateKey)),
    }).Der;
}
