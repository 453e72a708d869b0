using Switchyard.Crypto.Keys;

namespace Switchyard.Crypto.Tests.Keys;

public sealed class RsaKeyTests
{
    private static readonly SignParams Sha256 = new(Hash: "SHA-256");

    [Fact]
    public void Imports_spki_and_pkcs8_and_reports_the_key_parameters()
    {
        var publicKey = WebCrypto.ImportKey("RSA", "spki", Fixtures.RsaSpki);
        Assert.Equal("public", publicKey.Type);
        Assert.Equal(1024, publicKey.ModulusLength);
        Assert.Equal("010001", Hex.Of(publicKey.PublicExponent));
        Assert.Equal(Fixtures.RsaSpki, publicKey.Der);
        Assert.Null(publicKey.NamedCurve);

        var privateKey = WebCrypto.ImportKey("RSA", "pkcs8", Fixtures.RsaPkcs8);
        Assert.Equal("private", privateKey.Type);
        Assert.Equal(1024, privateKey.ModulusLength);
        Assert.Equal("010001", Hex.Of(privateKey.PublicExponent));
    }

    [Theory]
    [InlineData("public")]
    [InlineData("private")]
    public void Jwk_export_and_import_round_trip(string type)
    {
        var der = type == "public" ? Fixtures.RsaSpki : Fixtures.RsaPkcs8;
        var jwk = WebCrypto.ExportJwk("RSA", type, der);
        Assert.Equal("RSA", jwk["kty"]);
        Assert.Equal("AQAB", jwk["e"]);
        Assert.Equal(type == "private", jwk.ContainsKey("d"));
        Assert.Equal(type == "private", jwk.ContainsKey("qi"));
        Assert.DoesNotContain("=", jwk["n"]);

        var imported = WebCrypto.ImportJwk("RSA", jwk);
        Assert.Equal(type, imported.Type);
        Assert.Equal(1024, imported.ModulusLength);
        Assert.Equal(WebCrypto.ExportJwk("RSA", type, imported.Der), jwk);
    }

    [Fact]
    public void A_private_jwk_without_crt_members_recovers_the_primes()
    {
        var full = WebCrypto.ExportJwk("RSA", "private", Fixtures.RsaPkcs8);
        var minimal = new Dictionary<string, string> { ["kty"] = "RSA", ["n"] = full["n"], ["e"] = full["e"], ["d"] = full["d"] };
        var imported = WebCrypto.ImportJwk("RSA", minimal);
        var recovered = WebCrypto.ExportJwk("RSA", "private", imported.Der);
        Assert.Equal(new[] { full["p"], full["q"] }.Order(), new[] { recovered["p"], recovered["q"] }.Order());

        var signature = WebCrypto.Sign("RSASSA-PKCS1-v1_5", imported.Der, Fixtures.RsaMessage, Sha256);
        Assert.Equal(Fixtures.RsaPkcs1Sha256Signature, Hex.Of(signature));
    }

    [Fact]
    public void Rejects_partial_crt_members_and_inconsistent_keys()
    {
        var full = WebCrypto.ExportJwk("RSA", "private", Fixtures.RsaPkcs8);
        var partial = full.Where(m => m.Key != "dq").ToDictionary();
        Assert.Contains("all of", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("RSA", partial)).Message);

        var wrongDp = new Dictionary<string, string>(full) { ["dp"] = full["dq"] };
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("RSA", wrongDp));

        var wrongKty = new Dictionary<string, string>(full) { ["kty"] = "EC" };
        Assert.Contains("'kty'", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("RSA", wrongKty)).Message);

        var badBase64 = new Dictionary<string, string>(full) { ["n"] = "not base64url!" };
        Assert.Contains("'n'", Assert.Throws<WebCryptoException>(() => WebCrypto.ImportJwk("RSA", badBase64)).Message);
    }

    [Fact]
    public void Rejects_keys_of_other_kinds_garbage_and_the_raw_format()
    {
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "spki", Fixtures.P256Spki));
        Assert.Equal("The SubjectPublicKeyInfo data holds an EC key, not an RSA key.", error.Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "pkcs8", Fixtures.Ed25519Pkcs8));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "spki", Fixtures.RsaPkcs8));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "pkcs8", Fixtures.RsaSpki));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "spki", [0x30, 0x03, 0x02, 0x01]));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "spki", [.. Fixtures.RsaSpki, 0]));
        Assert.Throws<WebCryptoException>(() => WebCrypto.ImportKey("RSA", "raw", Fixtures.RsaSpki));
    }

    [Fact]
    public void Generates_a_platform_key_pair_with_exponent_65537()
    {
        var pair = WebCrypto.GenerateKeyPair("RSA", new KeyGenParams(ModulusLength: 1024, PublicExponent: [1, 0, 1]));
        var publicKey = WebCrypto.ImportKey("RSA", "spki", pair.PublicSpki);
        Assert.Equal(1024, publicKey.ModulusLength);
        Assert.Equal("010001", Hex.Of(publicKey.PublicExponent));
        var signature = WebCrypto.Sign("RSASSA-PKCS1-v1_5", pair.PrivatePkcs8, "m"u8, Sha256);
        Assert.True(WebCrypto.Verify("RSASSA-PKCS1-v1_5", pair.PublicSpki, signature, "m"u8, Sha256));
    }

    [Theory]
    // Exponent 3 and moduli below the platform's 512-bit minimum use BouncyCastle's generator.
    [InlineData(512, new byte[] { 3 })]
    [InlineData(776, new byte[] { 3 })]
    [InlineData(256, new byte[] { 1, 0, 1 })]
    [InlineData(264, new byte[] { 0, 0, 3 })]
    public void Generates_keys_the_platform_cannot(int bits, byte[] exponent)
    {
        var pair = WebCrypto.GenerateKeyPair("RSA", new KeyGenParams(ModulusLength: bits, PublicExponent: exponent));
        var privateKey = WebCrypto.ImportKey("RSA", "pkcs8", pair.PrivatePkcs8); // the platform checks consistency
        Assert.Equal(bits, privateKey.ModulusLength);
        Assert.Equal(Hex.Of(exponent.SkipWhile(b => b == 0).ToArray()), Hex.Of(privateKey.PublicExponent));
        if (bits >= 512)
        {
            var signature = WebCrypto.Sign("RSASSA-PKCS1-v1_5", pair.PrivatePkcs8, "m"u8, Sha256);
            Assert.True(WebCrypto.Verify("RSASSA-PKCS1-v1_5", pair.PublicSpki, signature, "m"u8, Sha256));
        }
        else
        {
            // Too small for any padding: check the raw RSA permutation instead.
            var rsa = new RawRsa(pair.PrivatePkcs8);
            var message = new byte[rsa.ModulusBytes];
            message[^1] = 42;
            Assert.Equal(message, rsa.Public(rsa.Private(message)));
        }
    }

    [Theory]
    // Workers' checks, messages and order (workerd api/crypto/rsa.c++): length first, then the exponent.
    [InlineData(1028, new byte[] { 1, 0, 1 }, "The modulus length must be a multiple of 8 and between 256 and 16k, but 1028 was requested.")]
    [InlineData(248, new byte[] { 1, 0, 1 }, "The modulus length must be a multiple of 8 and between 256 and 16k, but 248 was requested.")]
    [InlineData(16392, new byte[] { 1, 0, 1 }, "The modulus length must be a multiple of 8 and between 256 and 16k, but 16392 was requested.")]
    [InlineData(16392, new byte[] { 5 }, "The modulus length must be a multiple of 8 and between 256 and 16k, but 16392 was requested.")]
    [InlineData(0, new byte[] { 1, 0, 1 }, "modulusLength must be greater than zero (requested 0).")]
    [InlineData(-8, new byte[] { 1, 0, 1 }, "modulusLength must be greater than zero (requested -8).")]
    [InlineData(1024, new byte[] { 5 }, "The \"publicExponent\" must be either 3 or 65537, but got 5.")]
    [InlineData(1024, new byte[] { 1, 0, 0, 0, 0, 1 }, "The \"publicExponent\" must be either 3 or 65537, but got 1099511627777.")]
    [InlineData(1024, new byte[] { 1, 0, 3 }, "The \"publicExponent\" must be either 3 or 65537, but got 65539.")]
    public void Refuses_generation_parameters_outside_workers_limits(int bits, byte[] exponent, string message)
    {
        var error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.GenerateKeyPair("RSA", new KeyGenParams(ModulusLength: bits, PublicExponent: exponent)));
        Assert.Equal("OperationError", error.Name);
        Assert.Equal(message, error.Description);
        Assert.Equal("OperationError: " + message, error.Message);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(16384)]
    public void The_size_limits_are_inclusive(int bits)
    {
        // 16384 bits would take minutes to generate: the largest size is checked to pass validation by getting as far
        // as the exponent check, which comes after it.
        var error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.GenerateKeyPair("RSA", new KeyGenParams(ModulusLength: bits, PublicExponent: [7])));
        Assert.Equal("The \"publicExponent\" must be either 3 or 65537, but got 7.", error.Description);
    }
}
