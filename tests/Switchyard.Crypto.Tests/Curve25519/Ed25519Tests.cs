using System.Security.Cryptography;
using Switchyard.Crypto.Curve25519;

namespace Switchyard.Crypto.Tests.Curve25519;

public sealed class Ed25519Tests
{
    /// <summary>RFC 8032 §7.1, TEST 1–3: seed, public key, message, signature.</summary>
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Derives_the_public_key_from_the_seed(string seed, string publicKey, string message, string signature)
    {
        _ = (message, signature);
        Assert.Equal(publicKey, Convert.ToHexStringLower(Ed25519.PublicKeyFromSeed(Convert.FromHexString(seed))));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Signs_deterministically(string seed, string publicKey, string message, string signature)
    {
        _ = publicKey;
        Assert.Equal(signature, Convert.ToHexStringLower(Ed25519.Sign(Convert.FromHexString(seed), Convert.FromHexString(message))));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verifies_the_published_signature(string seed, string publicKey, string message, string signature)
    {
        _ = seed;
        Assert.True(Ed25519.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Rejects_tampered_signatures_messages_and_keys(string seed, string publicKey, string message, string signature)
    {
        _ = seed;
        var key = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        for (var i = 0; i < sig.Length; i += 7)
        {
            var bad = (byte[])sig.Clone();
            bad[i] ^= 0x01;
            Assert.False(Ed25519.Verify(key, msg, bad), $"flipped signature byte {i}");
        }
        Assert.False(Ed25519.Verify(key, [.. msg, 0], sig));
        var otherKey = (byte[])key.Clone();
        otherKey[0] ^= 0x02;
        Assert.False(Ed25519.Verify(otherKey, msg, sig));
        Assert.False(Ed25519.Verify(key, msg, sig[..63]));
    }

    [Fact]
    public void Rejects_a_non_canonical_s()
    {
        // S + L verifies under a lax check; RFC 8032 §5.1.7 requires S < L.
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var key = Ed25519.PublicKeyFromSeed(seed);
        var sig = Ed25519.Sign(seed, "x"u8);
        var s = new System.Numerics.BigInteger(sig.AsSpan(32), isUnsigned: true);
        var l = (System.Numerics.BigInteger.One << 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493");
        var bumped = (s + l).ToByteArray(isUnsigned: true);
        Assert.True(bumped.Length <= 32);
        var bad = (byte[])sig.Clone();
        Array.Clear(bad, 32, 32);
        bumped.CopyTo(bad, 32);
        Assert.True(Ed25519.Verify(key, "x"u8, sig));
        Assert.False(Ed25519.Verify(key, "x"u8, bad));
    }

    [Fact]
    public void Random_keys_round_trip()
    {
        for (var i = 0; i < 8; i++)
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            var message = RandomNumberGenerator.GetBytes(i * 37);
            var signature = Ed25519.Sign(seed, message);
            Assert.True(Ed25519.Verify(Ed25519.PublicKeyFromSeed(seed), message, signature));
        }
    }

    [Fact]
    public void Rejects_small_order_public_keys_and_r_values()
    {
        // A = R = the identity point, S = 0: [S]B - [k]A = identity = R, so a verifier that only checks the
        // cofactorless equation accepts this "signature" for every message. Web Crypto's Ed25519 (and libsodium)
        // refuse small-order A and R.
        byte[] identity = [1, .. new byte[31]];
        byte[] signature = [.. identity, .. new byte[32]];
        Assert.False(Ed25519.Verify(identity, "any message"u8, signature));
        Assert.False(Ed25519.Verify(identity, [], signature));

        // A genuine key with R of small order (the identity) and an otherwise well-formed S is refused too.
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var real = Ed25519.Sign(seed, "m"u8);
        byte[] smallR = [.. identity, .. real.AsSpan(32)];
        Assert.False(Ed25519.Verify(Ed25519.PublicKeyFromSeed(seed), "m"u8, smallR));
    }

    [Fact]
    public void Refuses_seeds_of_the_wrong_length()
    {
        Assert.Throws<WebCryptoException>(() => Ed25519.Sign(new byte[31], "m"u8));
        Assert.Throws<WebCryptoException>(() => Ed25519.PublicKeyFromSeed(new byte[33]));
        Assert.False(Ed25519.Verify(new byte[31], "m"u8, new byte[64]));
    }
}
