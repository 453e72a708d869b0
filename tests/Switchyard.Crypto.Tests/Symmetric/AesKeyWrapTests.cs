using Switchyard.Crypto.Symmetric;

namespace Switchyard.Crypto.Tests.Symmetric;

public sealed class AesKeyWrapTests
{
    [Theory]
    // RFC 3394 §4.1, §4.2, §4.3 and §4.6.
    [InlineData("000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")]
    [InlineData("000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D")]
    [InlineData("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7")]
    [InlineData("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
        "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21")]
    public void Wraps_and_unwraps_the_rfc3394_vectors(string kek, string keyData, string wrapped)
    {
        Assert.Equal(wrapped.ToLowerInvariant(), Hex.Of(WebCrypto.AesEncrypt("AES-KW", Hex.Bytes(kek), Hex.Bytes(keyData), new AesParams())));
        Assert.Equal(keyData.ToLowerInvariant(), Hex.Of(WebCrypto.AesDecrypt("AES-KW", Hex.Bytes(kek), Hex.Bytes(wrapped), new AesParams())));
        // The same over the platform's AES, which CPUs without AES-NI use (see AesBlock).
        Assert.Equal(wrapped.ToLowerInvariant(), Hex.Of(AesKeyWrap.Wrap(Hex.Bytes(kek), Hex.Bytes(keyData), new AesBlock.PlatformAes())));
        Assert.Equal(keyData.ToLowerInvariant(), Hex.Of(AesKeyWrap.Unwrap(Hex.Bytes(kek), Hex.Bytes(wrapped), new AesBlock.PlatformAes())));
        var tampered = Hex.Bytes(wrapped);
        tampered[^1] ^= 1;
        Assert.Throws<WebCryptoException>(() => AesKeyWrap.Unwrap(Hex.Bytes(kek), tampered, new AesBlock.PlatformAes()));
    }

    [Fact]
    public void Unwrapping_fails_the_integrity_check_on_any_change()
    {
        var kek = Hex.Bytes("000102030405060708090A0B0C0D0E0F");
        var wrapped = Hex.Bytes("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        for (var i = 0; i < wrapped.Length; i += 5)
        {
            var bad = (byte[])wrapped.Clone();
            bad[i] ^= 0x04;
            var error = Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-KW", kek, bad, new AesParams()));
            Assert.Contains("integrity", error.Message);
        }
        var otherKek = (byte[])kek.Clone();
        otherKek[0] ^= 1;
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-KW", otherKek, wrapped, new AesParams()));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(0)]
    public void Refuses_key_data_that_is_not_whole_64_bit_blocks_or_too_short(int length)
    {
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-KW", new byte[16], new byte[length], new AesParams()));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-KW", new byte[16], new byte[length + 8], new AesParams()));
    }
}
