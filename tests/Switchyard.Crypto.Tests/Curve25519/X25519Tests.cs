using Switchyard.Crypto.Curve25519;

namespace Switchyard.Crypto.Tests.Curve25519;

public sealed class X25519Tests
{
    [Theory]
    // RFC 7748 §5.2; the second u-coordinate has its top bit set, which X25519 must ignore.
    [InlineData("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void Computes_the_rfc7748_test_vectors(string scalar, string u, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(X25519.ScalarMultiply(Convert.FromHexString(scalar), Convert.FromHexString(u))));
    }

    [Fact]
    public void Iterates_as_in_rfc7748_section_5_2()
    {
        var k = Convert.FromHexString("0900000000000000000000000000000000000000000000000000000000000000");
        var u = (byte[])k.Clone();
        for (var i = 1; i <= 1000; i++)
        {
            var result = X25519.ScalarMultiply(k, u);
            u = k;
            k = result;
            if (i == 1) Assert.Equal("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", Convert.ToHexStringLower(k));
        }
        Assert.Equal("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", Convert.ToHexStringLower(k));
    }

    [Fact]
    public void Alice_and_Bob_agree_as_in_rfc7748_section_6_1()
    {
        var alice = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bob = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        var alicePublic = X25519.PublicKeyFromPrivateKey(alice);
        var bobPublic = X25519.PublicKeyFromPrivateKey(bob);
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alicePublic));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bobPublic));
        const string shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        Assert.Equal(shared, Convert.ToHexStringLower(X25519.ScalarMultiply(alice, bobPublic)));
        Assert.Equal(shared, Convert.ToHexStringLower(X25519.ScalarMultiply(bob, alicePublic)));
    }

    [Theory]
    // Small-order u-coordinates (0, 1 and the order-8 point of RFC 7748's discussion), and 0 as p: libsodium refuses
    // them instead of returning the all-zero secret.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")]
    [InlineData("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    public void Refuses_small_order_points(string u)
    {
        var error = Assert.Throws<WebCryptoException>(() => X25519.ScalarMultiply(new byte[32], Convert.FromHexString(u)));
        Assert.Contains("small order", error.Message);
    }

    [Fact]
    public void Accepts_a_non_canonical_u_as_rfc7748_requires()
    {
        // u = p + 9 is the base point 9, not reduced by the encoder: X25519 must treat it as 9.
        var k = Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        Assert.Equal(Convert.ToHexStringLower(X25519.PublicKeyFromPrivateKey(k)),
            Convert.ToHexStringLower(X25519.ScalarMultiply(k, Convert.FromHexString("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))));
    }
}
