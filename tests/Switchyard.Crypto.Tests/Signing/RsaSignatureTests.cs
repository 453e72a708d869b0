using Switchyard.Crypto.Keys;
using System.Security.Cryptography;

namespace Switchyard.Crypto.Tests.Signing;

public sealed class RsaSignatureTests
{
    [Fact]
    public void Pkcs1_v1_5_reproduces_and_verifies_openssls_signature()
    {
        var parameters = new SignParams(Hash: "SHA-256");
        var signature = WebCrypto.Sign("RSASSA-PKCS1-v1_5", Fixtures.RsaPkcs8, Fixtures.RsaMessage, parameters);
        Assert.Equal(Fixtures.RsaPkcs1Sha256Signature, Hex.Of(signature));
        Assert.True(WebCrypto.Verify("RSASSA-PKCS1-v1_5", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, parameters));
        Assert.False(WebCrypto.Verify("RSASSA-PKCS1-v1_5", Fixtures.RsaSpki, signature, "other"u8, parameters));
        Assert.False(WebCrypto.Verify("RSASSA-PKCS1-v1_5", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, new SignParams(Hash: "SHA-384")));
    }

    [Fact]
    public void Pss_with_an_empty_salt_is_deterministic_and_matches_openssl()
    {
        var parameters = new SignParams(Hash: "SHA-256", SaltLength: 0);
        Assert.Equal(Fixtures.RsaPssSha256Salt0Signature, Hex.Of(WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, Fixtures.RsaMessage, parameters)));
        Assert.True(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, Hex.Bytes(Fixtures.RsaPssSha256Salt0Signature), Fixtures.RsaMessage, parameters));
    }

    [Fact]
    public void Pss_verification_insists_on_the_exact_salt_length()
    {
        var signature = Hex.Bytes(Fixtures.RsaPssSha384Salt20Signature);
        Assert.True(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, new SignParams(Hash: "SHA-384", SaltLength: 20)));
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, new SignParams(Hash: "SHA-384", SaltLength: 48)));
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, new SignParams(Hash: "SHA-384", SaltLength: 19)));
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, new SignParams(Hash: "SHA-256", SaltLength: 20)));
    }

    [Theory]
    [InlineData("SHA-1", 20)] // the platform's PSS (salt = hash length)
    [InlineData("SHA-256", 32)]
    [InlineData("SHA-384", 48)]
    [InlineData("SHA-256", 0)] // BouncyCastle's PSS
    [InlineData("SHA-256", 10)]
    [InlineData("SHA-512", 62)] // the largest salt a 1024-bit key holds with SHA-512
    public void Pss_round_trips_and_interoperates_with_the_platform(string hash, int saltLength)
    {
        var parameters = new SignParams(Hash: hash, SaltLength: saltLength);
        var signature = WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, Fixtures.RsaMessage, parameters);
        Assert.True(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, signature, Fixtures.RsaMessage, parameters));
        var tampered = (byte[])signature.Clone();
        tampered[5] ^= 1;
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, tampered, Fixtures.RsaMessage, parameters));

        if (saltLength == SHA.Length(hash))
        {
            using var platform = RSA.Create();
            platform.ImportSubjectPublicKeyInfo(Fixtures.RsaSpki, out _);
            Assert.True(platform.VerifyData(Fixtures.RsaMessage, signature, new HashAlgorithmName(hash.Replace("-", "")), RSASignaturePadding.Pss));
        }
    }

    [Fact]
    public void Pss_refuses_a_salt_too_long_for_the_key()
    {
        var error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, "m"u8, new SignParams(Hash: "SHA-512", SaltLength: 63)));
        Assert.Contains("63-byte salt", error.Message);
        // The same check guards the platform's PSS (salt = hash length).
        error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, "m"u8, new SignParams(Hash: "SHA-512", SaltLength: 64)));
        Assert.Contains("64-byte salt", error.Message);
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, new byte[128], "m"u8, new SignParams(Hash: "SHA-512", SaltLength: 63)));
        Assert.Throws<WebCryptoException>(() => WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, "m"u8, new SignParams(Hash: "SHA-256")));
    }

    [Fact]
    public void Pss_verification_checks_the_trailer_and_the_top_bit()
    {
        // Re-sign a valid encoded message with one structural defect: everything else still matches.
        var parameters = new SignParams(Hash: "SHA-256", SaltLength: 16);
        using var key = RsaKeys.LoadPrivate(Fixtures.RsaPkcs8);
        var rsa = new RawRsa(Fixtures.RsaPkcs8);
        var modulusTop = key.ExportParameters(false).Modulus![0];
        byte[] encoded;
        do encoded = rsa.Public(WebCrypto.Sign("RSA-PSS", Fixtures.RsaPkcs8, Fixtures.RsaMessage, parameters));
        while ((encoded[0] | 0x80) >= modulusTop); // so that setting the top bit below still gives a value under n
        Assert.Equal(0xBC, encoded[^1]);
        Assert.True(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, rsa.Private(encoded), Fixtures.RsaMessage, parameters));

        var wrongTrailer = (byte[])encoded.Clone();
        wrongTrailer[^1] = 0xBD;
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, rsa.Private(wrongTrailer), Fixtures.RsaMessage, parameters));

        var topBitSet = (byte[])encoded.Clone();
        topBitSet[0] |= 0x80; // emBits = 1023, so the leftmost bit must be zero
        Assert.False(WebCrypto.Verify("RSA-PSS", Fixtures.RsaSpki, rsa.Private(topBitSet), Fixtures.RsaMessage, parameters));
    }

    [Theory]
    [InlineData("RSASSA-PKCS1-v1_5")]
    [InlineData("RSA-PSS")]
    public void Malformed_signatures_verify_as_false(string algorithm)
    {
        var parameters = new SignParams(Hash: "SHA-256", SaltLength: 32);
        Assert.False(WebCrypto.Verify(algorithm, Fixtures.RsaSpki, [], "m"u8, parameters));
        Assert.False(WebCrypto.Verify(algorithm, Fixtures.RsaSpki, new byte[127], "m"u8, parameters));
        Assert.False(WebCrypto.Verify(algorithm, Fixtures.RsaSpki, new byte[129], "m"u8, parameters));
        var aboveModulus = Enumerable.Repeat((byte)0xff, 128).ToArray();
        Assert.False(WebCrypto.Verify(algorithm, Fixtures.RsaSpki, aboveModulus, "m"u8, parameters));
    }

    [Fact]
    public void Keys_of_the_wrong_kind_are_errors_not_false()
    {
        var parameters = new SignParams(Hash: "SHA-256");
        Assert.Throws<WebCryptoException>(() => WebCrypto.Verify("RSASSA-PKCS1-v1_5", Fixtures.P256Spki, new byte[128], "m"u8, parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.Sign("RSASSA-PKCS1-v1_5", Fixtures.RsaSpki, "m"u8, parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.Sign("RSA-OAEP", Fixtures.RsaPkcs8, "m"u8, parameters));
    }

    private static class SHA
    {
        public static int Length(string hash) => hash switch { "SHA-1" => 20, "SHA-256" => 32, "SHA-384" => 48, _ => 64 };
    }
}
