using System.Text;

namespace Switchyard.Crypto.Tests.Hashing;

public sealed class HmacTests
{
    private const string HiThere = "Hi There";
    private const string Jefe = "what do ya want for nothing?";
    private const string LargeKey = "Test Using Larger Than Block-Size Key - Hash Key First";

    [Theory]
    // RFC 4231 test cases 1, 2 and 6 (a key longer than the block size is hashed first).
    [InlineData("SHA-256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", HiThere, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("SHA-384", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", HiThere, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6")]
    [InlineData("SHA-512", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", HiThere, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")]
    [InlineData("SHA-256", "4a656665", Jefe, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("SHA-384", "4a656665", Jefe, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")]
    [InlineData("SHA-512", "4a656665", Jefe, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")]
    [InlineData("SHA-256", "LARGE", LargeKey, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData("SHA-384", "LARGE", LargeKey, "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952")]
    [InlineData("SHA-512", "LARGE", LargeKey, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598")]
    // RFC 2202 test case 1 for HMAC-SHA-1.
    [InlineData("SHA-1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", HiThere, "b617318655057264e28bc0b6fb378c8ef146be00")]
    public void Computes_the_rfc_vectors(string hash, string key, string data, string expected)
    {
        var keyBytes = key == "LARGE" ? Enumerable.Repeat((byte)0xaa, 131).ToArray() : Hex.Bytes(key);
        Assert.Equal(expected, Hex.Of(WebCrypto.Hmac(hash, keyBytes, Encoding.ASCII.GetBytes(data))));
    }
}
