using static Switchyard.Crypto.Tests.Symmetric.Sp80038aVectors;

namespace Switchyard.Crypto.Tests.Symmetric;

public sealed class AesCbcTests
{
    private const string Iv = "000102030405060708090a0b0c0d0e0f";

    [Theory]
    // SP 800-38A F.2.1 and F.2.5; the Web Crypto output adds one block of PKCS #7 padding (16 × 0x10).
    [InlineData(Key128, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7")]
    [InlineData(Key256, "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b")]
    public void Encrypts_the_sp800_38a_vectors(string key, string expected)
    {
        var parameters = new AesParams(Iv: Hex.Bytes(Iv));
        var ciphertext = WebCrypto.AesEncrypt("AES-CBC", Hex.Bytes(key), Hex.Bytes(Plaintext), parameters);
        Assert.Equal(80, ciphertext.Length);
        Assert.Equal(expected, Hex.Of(ciphertext.AsSpan(0, 64)));
        Assert.Equal(Plaintext, Hex.Of(WebCrypto.AesDecrypt("AES-CBC", Hex.Bytes(key), ciphertext, parameters)));
    }

    [Fact]
    public void Pads_partial_blocks_and_empty_input()
    {
        var key = Hex.Bytes(Key128);
        var parameters = new AesParams(Iv: Hex.Bytes(Iv));
        Assert.Equal(16, WebCrypto.AesEncrypt("AES-CBC", key, [], parameters).Length);
        var ciphertext = WebCrypto.AesEncrypt("AES-CBC", key, "seventeen bytes!!"u8, parameters);
        Assert.Equal(32, ciphertext.Length);
        Assert.Equal("seventeen bytes!!"u8.ToArray(), WebCrypto.AesDecrypt("AES-CBC", key, ciphertext, parameters));
    }

    [Fact]
    public void Rejects_bad_padding_lengths_ivs_and_keys()
    {
        var key = Hex.Bytes(Key128);
        var parameters = new AesParams(Iv: Hex.Bytes(Iv));
        // The SP 800-38A ciphertext without its padding block decrypts to a last byte of 0x10 that isn't padding.
        var unpadded = Hex.Bytes("7649abac8119b246cee98e9b12e9197d");
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-CBC", key, unpadded, parameters));
        Assert.Contains("padding", error.Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-CBC", key, new byte[15], parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-CBC", key, [], parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-CBC", key, "x"u8, new AesParams(Iv: new byte[12])));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-CBC", new byte[20], "x"u8, parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-CBC", key, "x"u8, new AesParams()));
    }
}
