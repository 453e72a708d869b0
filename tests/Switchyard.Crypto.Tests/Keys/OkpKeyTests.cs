using System.Buffers.Text;
using System.Formats.Asn1;

namespace Switchyard.Crypto.Tests.Keys;

public sealed class OkpKeyTests
{
    [Fact]
    public void Imports_the_rfc8410_ed25519_keys_unchanged()
    {
        var publicKey = WebCrypto.ImportKey("Ed25519", "spki", Fixtures.Ed25519Spki);
        Assert.Equal("public", publicKey.Type);
        Assert.Equal(Fixtures.Ed25519Spki, publicKey.Der);
        var privateKey = WebCrypto.ImportKey("Ed25519", "pkcs8", Fixtures.Ed25519Pkcs8);
        Assert.Equal("private", privateKey.Type);
        Assert.Equal(Fixtures.Ed25519Pkcs8, privateKey.Der);
        Assert.Equal(Fixtures.Ed25519PublicKey, Hex.Of(WebCrypto.ExportRaw("Ed25519", "public", Fixtures.Ed25519Spki)));
    }

    [Fact]
    public void Exports_ed25519_jwk_members()
    {
        var jwk = WebCrypto.ExportJwk("Ed25519", "private", Fixtures.Ed25519Pkcs8);
        Assert.Equal("OKP", jwk["kty"]);
        Assert.Equal("Ed25519", jwk["crv"]);
        Assert.Equal(Fixtures.Ed25519PublicKey, Hex.Of(Base64Url.DecodeFromChars(jwk["x"])));
        Assert.Equal(Fixtures.Ed25519PrivateKey, Hex.Of(Base64Url.DecodeFromChars(jwk["d"])));
        Assert.Equal(3, WebCrypto.ExportJwk("Ed25519", "public", Fixtures.Ed25519Spki).Count);
    }

    [Theory]
    [InlineData("Ed25519")]
    [InlineData("X25519")]
    public void Generated_keys_round_trip_through_jwk_raw_and_der(string kind)
    {
        var pair = WebCrypto.GenerateKeyPair(kind, new KeyGenParams());
        var publicJwk = WebCrypto.ExportJwk(kind, "public", pair.PublicSpki);
        var privateJwk = WebCrypto.ExportJwk(kind, "private", pair.PrivatePkcs8);
        Assert.Equal(publicJwk["x"], privateJwk["x"]);

        Assert.Equal(pair.PublicSpki, WebCrypto.ImportJwk(kind, publicJwk).Der);
        Assert.Equal(pair.PrivatePkcs8, WebCrypto.ImportJwk(kind, privateJwk).Der);
        Assert.Equal(pair.PublicSpki, WebCrypto.ImportKey(kind, "raw", WebCrypto.ExportRaw(kind, "public", pair.PublicSpki)).Der);
        Assert.Equal(pair.PrivatePkcs8, WebCrypto.ImportKey(kind, "pkcs8", pair.PrivatePkcs8).Der);
    }

    [Fact]
    public void Rejects_a_jwk_whose_x_is_not_the_public_key_of_d()
    {
        var jwk = new Dictionary<string, string>(WebCrypto.ExportJwk("Ed25519", "private", Fixtures.Ed25519Pkcs8));
        jwk["x"] = Base64Url.EncodeToString(new byte[32]);
        Assert.Contains("'x'", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("Ed25519", jwk)).Message);
        var wrongCurve = new Dictionary<string, string>(WebCrypto.ExportJwk("Ed25519", "public", Fixtures.Ed25519Spki)) { ["crv"] = "X25519" };
        Assert.Contains("'crv'", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("Ed25519", wrongCurve)).Message);
    }

    [Fact]
    public void Accepts_version_2_private_keys_with_a_matching_public_key()
    {
        var publicKey = Hex.Bytes(Fixtures.Ed25519PublicKey);
        var withPublic = OneAsymmetricKey(Hex.Bytes(Fixtures.Ed25519PrivateKey), publicKey);
        Assert.Equal(Fixtures.Ed25519Pkcs8, WebCrypto.ImportKey("Ed25519", "pkcs8", withPublic).Der);

        var mismatched = OneAsymmetricKey(Hex.Bytes(Fixtures.Ed25519PrivateKey), new byte[32]);
        Assert.Contains("does not belong", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("Ed25519", "pkcs8", mismatched)).Message);
    }

    [Fact]
    public void Rejects_keys_of_the_other_curve_and_wrong_sizes()
    {
        Assert.Equal("The SubjectPublicKeyInfo data holds an Ed25519 key, not an X25519 key.",
            Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("X25519", "spki", Fixtures.Ed25519Spki)).Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("Ed25519", "raw", new byte[31]));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("Ed25519", "spki", Fixtures.P256Spki));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("Ed25519", "pkcs8", Fixtures.Ed25519Spki));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("Ed448", "raw", new byte[57]));
    }

    /// <summary>RFC 5958 OneAsymmetricKey v2: version 1 and the public key in [1].</summary>
    private static byte[] OneAsymmetricKey(byte[] privateKey, byte[] publicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence()) writer.WriteObjectIdentifier("1.3.101.112");
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(privateKey);
            writer.WriteOctetString(inner.Encode());
            writer.WriteBitString(publicKey, tag: new Asn1Tag(TagClass.ContextSpecific, 1));
        }
        return writer.Encode();
    }
}
