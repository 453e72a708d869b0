using System.Security.Cryptography;

namespace Switchyard.Crypto.Tests.Keys;

public sealed class EcKeyTests
{
    [Fact]
    public void Imports_spki_and_pkcs8_with_their_curve()
    {
        var publicKey = WebCrypto.ImportKey("EC", "spki", Fixtures.P256Spki, "P-384"); // the key's own curve wins
        Assert.Equal(("public", "P-256"), (publicKey.Type, publicKey.NamedCurve));
        Assert.Equal(Fixtures.P256Spki, publicKey.Der);
        Assert.Null(publicKey.ModulusLength);

        var privateKey = WebCrypto.ImportKey("EC", "pkcs8", Fixtures.P256Pkcs8);
        Assert.Equal(("private", "P-256"), (privateKey.Type, privateKey.NamedCurve));
    }

    [Fact]
    public void Imports_an_spki_with_a_compressed_point_and_re_encodes_it_uncompressed()
    {
        var compressed = Convert.FromBase64String("MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADYP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y=");
        var imported = WebCrypto.ImportKey("EC", "spki", compressed);
        Assert.Equal("P-256", imported.NamedCurve);
        Assert.Equal(Fixtures.P256Spki, imported.Der);
    }

    [Fact]
    public void Refuses_an_spki_with_explicit_curve_parameters()
    {
        using var named = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create();
        key.ImportParameters(named.ExportExplicitParameters(false));
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "spki", key.ExportSubjectPublicKeyInfo()));
        Assert.Contains("named curves", error.Message);
    }

    [Fact]
    public void Exports_the_rfc6979_key_as_jwk_and_raw()
    {
        var jwk = WebCrypto.ExportJwk("EC", "private", Fixtures.P256Pkcs8);
        Assert.Equal("EC", jwk["kty"]);
        Assert.Equal("P-256", jwk["crv"]);
        Assert.Equal(Fixtures.P256X, Hex.Of(Convert.FromBase64String(Base64(jwk["x"]))));
        Assert.Equal(Fixtures.P256Y, Hex.Of(Convert.FromBase64String(Base64(jwk["y"]))));
        Assert.Equal(Fixtures.P256D, Hex.Of(Convert.FromBase64String(Base64(jwk["d"]))));
        Assert.False(WebCrypto.ExportJwk("EC", "public", Fixtures.P256Spki).ContainsKey("d"));

        Assert.Equal("04" + Fixtures.P256X + Fixtures.P256Y, Hex.Of(WebCrypto.ExportRaw("EC", "public", Fixtures.P256Spki)));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ExportRaw("EC", "private", Fixtures.P256Pkcs8));
    }

    [Theory]
    [InlineData("P-256", 32)]
    [InlineData("P-384", 48)]
    [InlineData("P-521", 66)]
    public void Generated_keys_round_trip_through_jwk(string curve, int coordinateSize)
    {
        var pair = WebCrypto.GenerateKeyPair("EC", new KeyGenParams(NamedCurve: curve));
        foreach (var (type, der) in new[] { ("public", pair.PublicSpki), ("private", pair.PrivatePkcs8) })
        {
            var jwk = WebCrypto.ExportJwk("EC", type, der);
            Assert.Equal(curve, jwk["crv"]);
            Assert.Equal(coordinateSize, Convert.FromBase64String(Base64(jwk["x"])).Length);
            var imported = WebCrypto.ImportJwk("EC", jwk);
            Assert.Equal((type, curve), (imported.Type, imported.NamedCurve));
            Assert.Equal(jwk, WebCrypto.ExportJwk("EC", type, imported.Der));
        }
    }

    [Theory]
    [InlineData("P-256", "03" + Fixtures.P256X, "04" + Fixtures.P256X + Fixtures.P256Y)]
    [InlineData("P-384", Fixtures.P384Compressed, Fixtures.P384Uncompressed)]
    [InlineData("P-521", Fixtures.P521Compressed, Fixtures.P521Uncompressed)]
    public void Imports_raw_points_compressed_and_uncompressed(string curve, string compressed, string uncompressed)
    {
        var fromCompressed = WebCrypto.ImportKey("EC", "raw", Hex.Bytes(compressed), curve);
        var fromUncompressed = WebCrypto.ImportKey("EC", "raw", Hex.Bytes(uncompressed), curve);
        Assert.Equal(("public", curve), (fromCompressed.Type, fromCompressed.NamedCurve));
        Assert.Equal(fromUncompressed.Der, fromCompressed.Der);
        Assert.Equal(uncompressed, Hex.Of(WebCrypto.ExportRaw("EC", "public", fromCompressed.Der)));
    }

    [Fact]
    public void The_compression_prefix_selects_the_y_parity()
    {
        // The RFC 6979 key's y is odd (…99), so prefix 02 gives the negated point p - y.
        var even = WebCrypto.ImportKey("EC", "raw", Hex.Bytes("02" + Fixtures.P256X), "P-256");
        var raw = WebCrypto.ExportRaw("EC", "public", even.Der);
        Assert.Equal(Fixtures.P256X, Hex.Of(raw.AsSpan(1, 32)));
        Assert.NotEqual(Fixtures.P256Y, Hex.Of(raw.AsSpan(33)));
        Assert.Equal(0, raw[^1] & 1);
    }

    [Fact]
    public void Rejects_points_off_the_curve_and_bad_encodings()
    {
        var offCurve = Hex.Bytes("04" + Fixtures.P256X + Fixtures.P256Y);
        offCurve[^1] ^= 1;
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", offCurve, "P-256"));
        // x = 1 has no y on P-256 (1 - 3 + b is a quadratic non-residue).
        var noSquareRoot = Hex.Bytes("02" + new string('0', 62) + "01");
        Assert.Contains("not on P-256", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", noSquareRoot, "P-256")).Message);
        // x = p (the P-256 prime) is not a field element.
        var xIsPrime = Hex.Bytes("03" + "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        Assert.Contains("not below the field prime", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", xIsPrime, "P-256")).Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", Hex.Bytes("05" + Fixtures.P256X), "P-256"));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", Hex.Bytes("04" + Fixtures.P256X + Fixtures.P256Y), "P-384"));
        Assert.Contains("named curve", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", Hex.Bytes("03" + Fixtures.P256X))).Message);
        Assert.Contains("P-192", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "raw", Hex.Bytes("03" + Fixtures.P256X), "P-192")).Message);
    }

    [Fact]
    public void Rejects_a_jwk_whose_private_key_does_not_match_its_point()
    {
        var jwk = new Dictionary<string, string>(WebCrypto.ExportJwk("EC", "private", Fixtures.P256Pkcs8));
        var other = WebCrypto.ExportJwk("EC", "public", Fixtures.OtherP256Spki);
        jwk["x"] = other["x"];
        jwk["y"] = other["y"];
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("EC", jwk));

        var shortX = new Dictionary<string, string>(other) { ["x"] = other["x"][..10] };
        Assert.Contains("'x'", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("EC", shortX)).Message);
        var unknownCurve = new Dictionary<string, string>(other) { ["crv"] = "secp256k1" };
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("EC", unknownCurve));
    }

    [Fact]
    public void Rejects_keys_of_other_kinds()
    {
        Assert.Equal("The PKCS #8 data holds an RSA key, not an EC key.",
            Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "pkcs8", Fixtures.RsaPkcs8)).Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("EC", "spki", Fixtures.Ed25519Spki));
    }

    private static string Base64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }
}
