using System.Security.Cryptography;
using Switchyard.Crypto.Symmetric;

namespace Switchyard.Crypto.Tests.Symmetric;

public sealed class AesGcmTests
{
    private const string Key = "feffe9928665731c6d6a8f9467308308";
    private const string Plaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    /// <summary>The GCM specification's test cases 1–6 (AES-128): key, IV, plaintext, AAD, ciphertext, tag.</summary>
    public static TheoryData<string, string, string, string, string, string> GcmSpecVectors => new()
    {
        { "00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a" },
        { "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
            "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        { Key, "cafebabefacedbaddecaf888", Plaintext + "1aafd255", "",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4" },
        { Key, "cafebabefacedbaddecaf888", Plaintext, Aad,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47" },
        // Test case 5: a 64-bit IV, so J0 comes from GHASH.
        { Key, "cafebabefacedbad", Plaintext, Aad,
            "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
            "3612d2e79e3b0785561be14aaca2fccb" },
        // Test case 6: a 480-bit IV.
        { Key, "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
            Plaintext, Aad,
            "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
            "619cc5aefffe0bfa462af43c1699d050" },
    };

    [Theory]
    [MemberData(nameof(GcmSpecVectors))]
    public void Encrypts_and_decrypts_the_gcm_spec_vectors(string key, string iv, string plaintext, string aad, string ciphertext, string tag)
    {
        var parameters = new AesParams(Iv: Hex.Bytes(iv), AdditionalData: Hex.Bytes(aad), TagLength: 128);
        Assert.Equal(ciphertext + tag, Hex.Of(WebCrypto.AesEncrypt("AES-GCM", Hex.Bytes(key), Hex.Bytes(plaintext), parameters)));
        Assert.Equal(plaintext, Hex.Of(WebCrypto.AesDecrypt("AES-GCM", Hex.Bytes(key), Hex.Bytes(ciphertext + tag), parameters)));
    }

    [Theory]
    [MemberData(nameof(GcmSpecVectors))]
    public void The_library_path_computes_the_same_vectors(string key, string iv, string plaintext, string aad, string ciphertext, string tag)
    {
        // Test cases 1-4 have 96-bit IVs, which the public path gives to the platform: here BouncyCastle computes them.
        var sealedData = AesGcmCipher.Library(forEncryption: true, Hex.Bytes(key), Hex.Bytes(iv), Hex.Bytes(aad), 128, Hex.Bytes(plaintext));
        Assert.Equal(ciphertext + tag, Hex.Of(sealedData));
        Assert.Equal(plaintext, Hex.Of(AesGcmCipher.Library(forEncryption: false, Hex.Bytes(key), Hex.Bytes(iv), Hex.Bytes(aad), 128, sealedData)));
        // And over the platform's AES block by block, which CPUs without AES-NI use (see AesBlock).
        Assert.Equal(ciphertext + tag, Hex.Of(AesGcmCipher.Library(forEncryption: true, Hex.Bytes(key), Hex.Bytes(iv), Hex.Bytes(aad), 128,
            Hex.Bytes(plaintext), new AesBlock.PlatformAes())));
        var tampered = Hex.Bytes(ciphertext + tag);
        tampered[^1] ^= 1;
        Assert.Throws<WebCryptoException>(() => AesGcmCipher.Library(forEncryption: false, Hex.Bytes(key), Hex.Bytes(iv), Hex.Bytes(aad), 128,
            tampered, new AesBlock.PlatformAes()));
    }

    [Theory]
    // Test case 4 with every shorter tag length: the tag is the full tag's leftmost bits.
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(96)]
    [InlineData(104)]
    [InlineData(112)]
    [InlineData(120)]
    public void Truncated_tags_are_prefixes_of_the_full_tag(int tagLength)
    {
        const string ciphertext = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
        const string fullTag = "5bc94fbc3221a5db94fae95ae7121a47";
        var parameters = new AesParams(Iv: Hex.Bytes("cafebabefacedbaddecaf888"), AdditionalData: Hex.Bytes(Aad), TagLength: tagLength);
        var expected = ciphertext + fullTag[..(tagLength / 4)];

        Assert.Equal(expected, Hex.Of(WebCrypto.AesEncrypt("AES-GCM", Hex.Bytes(Key), Hex.Bytes(Plaintext), parameters)));
        Assert.Equal(Plaintext, Hex.Of(WebCrypto.AesDecrypt("AES-GCM", Hex.Bytes(Key), Hex.Bytes(expected), parameters)));

        var tampered = Hex.Bytes(expected);
        tampered[^1] ^= 0x80;
        var error = Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-GCM", Hex.Bytes(Key), tampered, parameters));
        Assert.Contains("tag", error.Message);
    }

    [Theory]
    [InlineData(12, 128)]
    [InlineData(12, 32)]
    [InlineData(16, 128)]
    [InlineData(1, 64)]
    public void Rejects_modified_ciphertext_aad_and_iv(int ivLength, int tagLength)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(ivLength);
        var aad = RandomNumberGenerator.GetBytes(20);
        var data = RandomNumberGenerator.GetBytes(50);
        var parameters = new AesParams(Iv: iv, AdditionalData: aad, TagLength: tagLength);
        var sealedData = WebCrypto.AesEncrypt("AES-GCM", key, data, parameters);
        Assert.Equal(data, WebCrypto.AesDecrypt("AES-GCM", key, sealedData, parameters));

        var flipped = (byte[])sealedData.Clone();
        flipped[3] ^= 1;
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-GCM", key, flipped, parameters));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-GCM", key, sealedData, parameters with { AdditionalData = [1] }));
        var otherIv = (byte[])iv.Clone();
        otherIv[0] ^= 1;
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-GCM", key, sealedData, parameters with { Iv = otherIv }));
    }

    [Fact]
    public void The_library_path_agrees_with_the_platform_on_random_inputs()
    {
        for (var i = 0; i < 20; i++)
        {
            var key = RandomNumberGenerator.GetBytes(16 + 8 * (i % 3));
            var iv = RandomNumberGenerator.GetBytes(12);
            var aad = RandomNumberGenerator.GetBytes(i * 7);
            var data = RandomNumberGenerator.GetBytes(i * 13 + (i == 19 ? 70_000 : 0));
            var library = AesGcmCipher.Library(forEncryption: true, key, iv, aad, 128, data);
            using var platform = new AesGcm(key, 16);
            var expected = new byte[data.Length + 16];
            platform.Encrypt(iv, data, expected.AsSpan(0, data.Length), expected.AsSpan(data.Length), aad);
            Assert.Equal(Hex.Of(expected), Hex.Of(library));
            // A short tag from the library is the platform's full tag, cut.
            var shortTag = AesGcmCipher.Library(forEncryption: true, key, iv, aad, 32, data);
            Assert.Equal(Hex.Of(expected.AsSpan(0, data.Length + 4)), Hex.Of(shortTag));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(100)]
    [InlineData(256)]
    public void Rejects_invalid_tag_lengths(int tagLength)
    {
        var error = Assert.Throws<WebCryptoException>(() =>
            WebCrypto.AesEncrypt("AES-GCM", new byte[16], "x"u8, new AesParams(Iv: new byte[12], TagLength: tagLength)));
        Assert.Contains("tag length", error.Message);
    }

    [Fact]
    public void Rejects_an_empty_iv_and_data_shorter_than_the_tag()
    {
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesEncrypt("AES-GCM", new byte[16], "x"u8, new AesParams(Iv: [])));
        Assert.Throws<WebCryptoException>(() => WebCrypto.AesDecrypt("AES-GCM", new byte[16], new byte[15], new AesParams(Iv: new byte[12])));
    }
}
