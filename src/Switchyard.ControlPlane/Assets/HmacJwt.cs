using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Compact JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, <c>alg: HS256</c>). Only this algorithm is accepted,
/// so a token cannot talk its way out of verification with <c>alg: none</c>; signatures are compared in constant time.
/// Claims are left to the caller.
/// </summary>
public sealed class HmacJwt(byte[] key)
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public string Sign(JsonObject claims)
    {
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signingInput + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims of a well-formed token carrying a valid signature; otherwise a <see cref="JwtException"/>.</summary>
    public JsonObject Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new JwtException(JwtFailure.Malformed, "is not a JWT (expected three dot-separated parts)");

        var header = DecodeJson(parts[0], "header");
        if (header["alg"] is not JsonValue alg || alg.GetValueKind() != JsonValueKind.String || alg.GetValue<string>() != "HS256")
            throw new JwtException(JwtFailure.Malformed, "does not declare alg HS256");

        var signature = Decode(parts[2]) ?? throw new JwtException(JwtFailure.Malformed, "has a signature that is not base64url");
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
            throw new JwtException(JwtFailure.BadSignature, "has an invalid signature");

        return DecodeJson(parts[1], "payload");
    }

    private static JsonObject DecodeJson(string part, string what)
    {
        var bytes = Decode(part) ?? throw new JwtException(JwtFailure.Malformed, $"has a {what} that is not base64url");
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new JwtException(JwtFailure.Malformed, $"has a {what} that is not a JSON object");
        }
        catch (JsonException)
        {
            throw new JwtException(JwtFailure.Malformed, $"has a {what} that is not JSON");
        }
    }

    private static byte[]? Decode(string part) => part.Length > 0 && Base64Url.IsValid(part) ? Base64Url.DecodeFromChars(part) : null;
}
