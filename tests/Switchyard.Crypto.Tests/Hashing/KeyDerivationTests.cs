using System.Text;

namespace Switchyard.Crypto.Tests.Hashing;

public sealed class KeyDerivationTests
{
    [Theory]
    // RFC 6070 (PBKDF2-HMAC-SHA1), all but the 16777216-iteration case.
    [InlineData("password", "salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6")]
    [InlineData("password", "salt", 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957")]
    [InlineData("password", "salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1")]
    [InlineData("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038")]
    [InlineData("pass\0word", "sa\0lt", 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3")]
    public void Pbkdf2_matches_rfc6070(string password, string salt, int iterations, int length, string expected)
    {
        var derived = WebCrypto.Pbkdf2("SHA-1", Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), iterations, length);
        Assert.Equal(expected, Hex.Of(derived));
    }

    [Fact]
    public void Pbkdf2_rejects_zero_iterations_and_lengths()
    {
        var zero = Assert.Throws<WebCryptoException>(() => WebCrypto.Pbkdf2("SHA-256", "p"u8, "s"u8, 0, 32));
        Assert.Equal("OperationError", zero.Name);
        Assert.Equal("PBKDF2 requires a positive iteration count (requested 0).", zero.Description);
        Assert.Equal("PBKDF2 requires a positive iteration count (requested -5).",
            Assert.Throws<WebCryptoException>(() => WebCrypto.Pbkdf2("SHA-256", "p"u8, "s"u8, -5, 32)).Description);
        Assert.Throws<WebCryptoException>(() => WebCrypto.Pbkdf2("SHA-256", "p"u8, "s"u8, 1, 0));
    }

    [Theory]
    [InlineData(100_001)]
    [InlineData(100_000_000)]
    [InlineData(int.MaxValue)]
    public void Pbkdf2_refuses_more_iterations_than_workers_allows_before_doing_any(int iterations)
    {
        // Refused before any work: done first, int.MaxValue iterations would keep this test running for hours.
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.Pbkdf2("SHA-256", "p"u8, "s"u8, iterations, 32));
        Assert.Equal("NotSupportedError", error.Name);
        Assert.Equal($"Pbkdf2 failed: iteration counts above 100000 are not supported (requested {iterations}).", error.Description);
        // What crosses to the runtime: the name, then the message it puts on the DOMException.
        Assert.Equal($"NotSupportedError: Pbkdf2 failed: iteration counts above 100000 are not supported (requested {iterations}).", error.Message);
    }

    [Fact]
    public void Pbkdf2_allows_exactly_the_cap()
    {
        var expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("p"u8, "s"u8, 100_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Assert.Equal(Hex.Of(expected), Hex.Of(WebCrypto.Pbkdf2("SHA-256", "p"u8, "s"u8, 100_000, 32)));
    }

    public static TheoryData<string, string, string, string, int, string> Rfc5869 => new()
    {
        // Test case 1: basic SHA-256.
        { "SHA-256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
        // Test case 2: longer inputs and output.
        { "SHA-256", Range(0x00, 0x50), Range(0x60, 0xb0), Range(0xb0, 0x100), 82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87" },
        // Test case 3: empty salt and info.
        { "SHA-256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
        // Test case 4: SHA-1.
        { "SHA-1", "0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
            "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896" },
    };

    [Theory]
    [MemberData(nameof(Rfc5869))]
    public void Hkdf_matches_rfc5869(string hash, string key, string salt, string info, int length, string expected)
    {
        Assert.Equal(expected, Hex.Of(WebCrypto.Hkdf(hash, Hex.Bytes(key), Hex.Bytes(salt), Hex.Bytes(info), length)));
    }

    // An empty input key is valid HKDF input (WebCrypto imports it; WPT derive_bits_keys/hkdf.js derives from one);
    // OpenSSL's HKDF refuses it, so the extract step must not go through it. Expected values: RFC 5869 by HMAC.
    [Theory]
    [InlineData("SHA-384", "Sodium Chloride compound", "HKDF extra info", 32, "6a8632e486899dc264f1a1f920593f2880804e0e1adacf94eb4ed5e5f83d0d12")]
    [InlineData("SHA-256", "", "", 42, "eb70f01dede9afafa449eee1b1286504e1f62388b3f7dd4f956697b0e828fe181e59c2ec0fe6e7e7ac26")]
    public void Hkdf_accepts_an_empty_key(string hash, string salt, string info, int length, string expected)
    {
        var bytes = (string s) => System.Text.Encoding.ASCII.GetBytes(s);
        Assert.Equal(expected, Hex.Of(WebCrypto.Hkdf(hash, [], bytes(salt), bytes(info), length)));
    }

    [Fact]
    public void Hkdf_refuses_more_than_255_blocks()
    {
        Assert.Equal(255 * 32, WebCrypto.Hkdf("SHA-256", "k"u8, [], [], 255 * 32).Length);
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.Hkdf("SHA-256", "k"u8, [], [], 255 * 32 + 1));
        Assert.Contains("8160", error.Message);
    }

    private static string Range(int from, int to) => Hex.Of(Enumerable.Range(from, to - from).Select(i => (byte)i).ToArray());
}
