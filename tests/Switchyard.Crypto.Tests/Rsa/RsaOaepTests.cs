using System.Security.Cryptography;
using Switchyard.Crypto.Keys;
using Switchyard.Crypto.Rsa;

namespace Switchyard.Crypto.Tests.Rsa;

public sealed class RsaOaepTests
{
    [Fact]
    public void Decrypts_openssls_labelled_ciphertext()
    {
        var plaintext = WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, Hex.Bytes(Fixtures.RsaOaepSha256LabelledCiphertext), "SHA-256", "the label"u8);
        Assert.Equal("secret message"u8.ToArray(), plaintext);
    }

    [Fact]
    public void A_wrong_or_missing_label_fails_decryption()
    {
        var ciphertext = Hex.Bytes(Fixtures.RsaOaepSha256LabelledCiphertext);
        Assert.Equal("RSA-OAEP decryption failed.",
            Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, ciphertext, "SHA-256", "the labeL"u8)).Message);
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, ciphertext, "SHA-256", []));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, ciphertext, "SHA-1", "the label"u8));
    }

    [Fact]
    public void Decrypts_openssls_unlabelled_sha1_ciphertext()
    {
        Assert.Equal("secret message"u8.ToArray(), WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, Hex.Bytes(Fixtures.RsaOaepSha1Ciphertext), "SHA-1", []));
    }

    [Theory]
    [InlineData("SHA-1", "")]
    [InlineData("SHA-256", "")]
    [InlineData("SHA-256", "a label")]
    [InlineData("SHA-384", "x")]
    [InlineData("SHA-384", "another label")]
    public void Round_trips_with_and_without_labels(string hash, string label)
    {
        var labelBytes = System.Text.Encoding.UTF8.GetBytes(label);
        var message = RandomNumberGenerator.GetBytes(20);
        var ciphertext = WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, message, hash, labelBytes);
        Assert.Equal(128, ciphertext.Length);
        Assert.NotEqual(ciphertext, WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, message, hash, labelBytes)); // randomised
        Assert.Equal(message, WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, ciphertext, hash, labelBytes));
    }

    [Fact]
    public void Labelled_ciphertexts_always_have_the_modulus_length()
    {
        // About one ciphertext in 256 has a leading zero byte, which must stay: encrypt until one comes (5000 tries all
        // miss with odds of ~3e-9), and decrypt it.
        var message = RandomNumberGenerator.GetBytes(16);
        int leadingZeros = 0;
        for (var i = 0; i < 5000 && leadingZeros == 0; i++)
        {
            var ciphertext = WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, message, "SHA-1", "l"u8);
            Assert.Equal(128, ciphertext.Length);
            if (ciphertext[0] != 0) continue;
            leadingZeros++;
            Assert.Equal(message, WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, ciphertext, "SHA-1", "l"u8));
        }
        Assert.Equal(1, leadingZeros);
    }

    [Fact]
    public void An_unlabelled_platform_ciphertext_fails_with_any_label_and_vice_versa()
    {
        var message = RandomNumberGenerator.GetBytes(30);
        var unlabelled = WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, message, "SHA-256", []);
        Assert.Equal("RSA-OAEP decryption failed.",
            Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, unlabelled, "SHA-256", "x"u8)).Message);
        var labelled = WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, message, "SHA-256", "x"u8);
        Assert.Equal("RSA-OAEP decryption failed.",
            Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, labelled, "SHA-256", [])).Message);
        // BouncyCastle's OAEP with an empty label decodes the platform's ciphertext: the two agree on the encoding.
        using var privateKey = RsaKeys.LoadPrivate(Fixtures.RsaPkcs8);
        var oaep = new Org.BouncyCastle.Crypto.Encodings.OaepEncoding(new Org.BouncyCastle.Crypto.Engines.RsaBlindedEngine(),
            new Org.BouncyCastle.Crypto.Digests.Sha256Digest(), new Org.BouncyCastle.Crypto.Digests.Sha256Digest(), []);
        oaep.Init(false, BouncyRsa.Private(privateKey));
        Assert.Equal(message, oaep.ProcessBlock(unlabelled, 0, unlabelled.Length));
    }

    [Theory]
    [InlineData("SHA-256", "", 62)]
    [InlineData("SHA-256", "label", 62)]
    [InlineData("SHA-384", "label", 30)]
    public void Refuses_messages_longer_than_the_key_holds(string hash, string label, int maximum)
    {
        var labelBytes = System.Text.Encoding.UTF8.GetBytes(label);
        Assert.Equal(128, WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, new byte[maximum], hash, labelBytes).Length);
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, new byte[maximum + 1], hash, labelBytes));
        Assert.Contains($"at most {maximum} bytes", error.Message);
    }

    [Fact]
    public void Rejects_ciphertexts_of_the_wrong_length_and_unknown_operations()
    {
        // SHA-512 leaves no room at all in a 1024-bit key.
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, [], "SHA-512", "l"u8));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("encrypt", Fixtures.RsaSpki, [], "SHA-512", []));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, new byte[127], "SHA-256", "l"u8));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, new byte[127], "SHA-256", []));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("decrypt", Fixtures.RsaPkcs8, Enumerable.Repeat((byte)0xff, 128).ToArray(), "SHA-256", "l"u8));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("sign", Fixtures.RsaPkcs8, new byte[128], "SHA-256", []));
        Assert.Throws<WebCryptoException>(() => WebCrypto.RsaOaep("encrypt", Fixtures.RsaPkcs8, "m"u8, "SHA-256", []));
    }
}
