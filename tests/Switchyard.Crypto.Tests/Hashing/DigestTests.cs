using System.Text;

namespace Switchyard.Crypto.Tests.Hashing;

public sealed class DigestTests
{
    [Theory]
    // FIPS 180-4 examples ("abc") and RFC 1321 §A.5 for MD5.
    [InlineData("SHA-1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("SHA-256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("SHA-384", "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData("SHA-512", "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("SHA-256", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("MD5", "abc", "900150983cd24fb0d6963f7d28e17f72")]
    public void Hashes_the_published_examples(string algorithm, string message, string expected)
    {
        Assert.Equal(expected, Hex.Of(WebCrypto.Digest(algorithm, Encoding.ASCII.GetBytes(message))));
    }

    [Theory]
    [InlineData("SHA-224")]
    [InlineData("sha-256")]
    [InlineData("SHA3-256")]
    public void Rejects_unknown_algorithms(string algorithm)
    {
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.Digest(algorithm, "abc"u8));
        Assert.Contains(algorithm, error.Message);
    }

    [Fact]
    public void Md5_is_only_a_digest()
    {
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Convert.ToHexStringLower(WebCrypto.Digest("MD5", "abc"u8)));  // RFC 1321
        Assert.Contains("MD5", Assert.Throws<WebCryptoException>(() => WebCrypto.Hmac("MD5", "key"u8, "abc"u8)).Message);
    }
}
