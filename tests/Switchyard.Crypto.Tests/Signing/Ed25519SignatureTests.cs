namespace Switchyard.Crypto.Tests.Signing;

public sealed class Ed25519SignatureTests
{
    [Fact]
    public void Signs_with_pkcs8_and_verifies_with_spki()
    {
        var signature = WebCrypto.Sign("Ed25519", Fixtures.Ed25519Pkcs8, "hello"u8, new SignParams());
        Assert.Equal(64, signature.Length);
        Assert.Equal(signature, WebCrypto.Sign("Ed25519", Fixtures.Ed25519Pkcs8, "hello"u8, new SignParams()));
        Assert.True(WebCrypto.Verify("Ed25519", Fixtures.Ed25519Spki, signature, "hello"u8, new SignParams()));
        Assert.False(WebCrypto.Verify("Ed25519", Fixtures.Ed25519Spki, signature, "hellO"u8, new SignParams()));
        Assert.False(WebCrypto.Verify("Ed25519", Fixtures.Ed25519Spki, signature[..63], "hello"u8, new SignParams()));
    }

    [Fact]
    public void Verifies_rfc8032_test_1_through_an_imported_raw_key()
    {
        var spki = WebCrypto.ImportKey("Ed25519", "raw", Hex.Bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")).Der;
        var signature = Hex.Bytes("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Assert.True(WebCrypto.Verify("Ed25519", spki, signature, [], new SignParams()));
        signature[40] ^= 0x10;
        Assert.False(WebCrypto.Verify("Ed25519", spki, signature, [], new SignParams()));
    }

    [Fact]
    public void A_public_key_that_is_not_a_curve_point_fails_verification()
    {
        // y = 2 has no x on edwards25519.
        var spki = WebCrypto.ImportKey("Ed25519", "raw", [2, .. new byte[31]]).Der;
        Assert.False(WebCrypto.Verify("Ed25519", spki, new byte[64], "m"u8, new SignParams()));
    }

    [Fact]
    public void An_x25519_key_cannot_sign()
    {
        var pair = WebCrypto.GenerateKeyPair("X25519", new KeyGenParams());
        Assert.Throws<WebCryptoException>(() => WebCrypto.Sign("Ed25519", pair.PrivatePkcs8, "m"u8, new SignParams()));
    }
}
