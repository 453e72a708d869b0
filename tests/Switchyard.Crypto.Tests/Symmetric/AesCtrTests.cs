using System.Security.Cryptography;
using static Switchyard.Crypto.Tests.Symmetric.Sp80038aVectors;

namespace Switchyard.Crypto.Tests.Symmetric;

public sealed class AesCtrTests
{
    private const string Counter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

    [Theory]
    // SP 800-38A F.5.1 and F.5.5 (the counter increments over all 128 bits).
    [InlineData(Key128, "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")]
    [InlineData(Key256, "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6")]
    public void Encrypts_and_decrypts_the_sp800_38a_vectors(string key, string expected)
    {
        var parameters = new AesParams(Counter: Hex.Bytes(Counter), Length: 128);
        Assert.Equal(expected, Hex.Of(WebCrypto.AesEncrypt("AES-CTR", Hex.Bytes(key), Hex.Bytes(Plaintext), parameters)));
        Assert.Equal(Plaintext, Hex.Of(WebCrypto.AesDecrypt("AES-CTR", Hex.Bytes(key), Hex.Bytes(expected), parameters)));
    }

    [Fact]
    public void Only_the_low_length_bits_increment_and_they_wrap()
    {
        // With length 8 the counter block ...fe, ...ff, ...00 (not ...0100): the fixed part never changes.
        var key = Hex.Bytes(Key128);
        var start = Hex.Bytes("00112233445566778899aabbccddeefe");
        var keystream = WebCrypto.AesEncrypt("AES-CTR", key, new byte[48], new AesParams(Counter: start, Length: 8));

        using var aes = Aes.Create();
        aes.Key = key;
        var expected = aes.EncryptEcb(Hex.Bytes(
            "00112233445566778899aabbccddeefe" + "00112233445566778899aabbccddeeff" + "00112233445566778899aabbccddee00"), PaddingMode.None);
        Assert.Equal(Hex.Of(expected), Hex.Of(keystream));

        // Same counter with all 128 bits counting carries into the next byte instead.
        var carried = WebCrypto.AesEncrypt("AES-CTR", key, new byte[48], new AesParams(Counter: start, Length: 128));
        Assert.NotEqual(Hex.Of(expected), Hex.Of(carried));
        Assert.Equal(Hex.Of(expected.AsSpan(0, 32)), Hex.Of(carried.AsSpan(0, 32)));
    }

    [Fact]
    public void Handles_partial_blocks_and_data_spanning_several_chunks()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var counter = RandomNumberGenerator.GetBytes(16);
        var data = RandomNumberGenerator.GetBytes(10_000);
        var parameters = new AesParams(Counter: counter, Length: 64);
        var ciphertext = WebCrypto.AesEncrypt("AES-CTR", key, data, parameters);
        Assert.Equal(data.Length, ciphertext.Length);
        Assert.Equal(data, WebCrypto.AesDecrypt("AES-CTR", key, ciphertext, parameters));
        // A prefix encrypts to the prefix of the ciphertext.
        Assert.Equal(ciphertext[..33], WebCrypto.AesEncrypt("AES-CTR", key, data[..33], parameters));
    }

    [Fact]
    public void Refuses_data_that_would_repeat_a_counter_value()
    {
        var key = Hex.Bytes(Key128);
        var parameters = new AesParams(Counter: new byte[16], Length: 2);
        Assert.Equal(64, WebCrypto.AesEncrypt("AES-CTR", key, new byte[64], parameters).Length);
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-CTR", key, new byte[65], parameters));
        Assert.Contains("2-bit counter", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public void Rejects_counter_lengths_outside_1_to_128(int length)
    {
        Assert.Throws<WebCryptoException>(() =>
            WebCrypto.AesEncrypt("AES-CTR", Hex.Bytes(Key128), "x"u8, new AesParams(Counter: new byte[16], Length: length)));
    }
}
