using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.ControlPlane.Assets;

public enum AssetTokenKind { Upload, Completion }

/// <summary>What a verified asset token says: whose session it is and, for completion tokens, which manifest.</summary>
public sealed record AssetTokenClaims(AssetTokenKind Kind, string AccountId, string SessionId, string? ManifestDigest, DateTimeOffset ExpiresOn);

/// <summary>
/// The two JWTs of the asset flow, both valid for an hour. The upload token authorises uploads into one session
/// (in place of an API token) and carries the hints wrangler reads from its payload; the completion token names a
/// finished session and the digest of its manifest, and is what a deploy puts in <c>metadata.assets.jwt</c>.
/// </summary>
public sealed class AssetTokens(HmacJwt jwt, AssetUploadOptions options, TimeProvider clock)
{
    /// <summary>Name of the HMAC key in the server's secrets.</summary>
    public const string SigningKeyName = "asset-jwt-hs256";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string UploadKind = "asset-upload", CompletionKind = "asset-completion";

    public (string Token, DateTimeOffset ExpiresOn) IssueUpload(string accountId, string sessionId)
    {
        var (claims, expires) = BaseClaims(UploadKind, accountId, sessionId);
        claims["wrangler_single_asset_uploads"] = options.SingleAssetUploads;
        claims["edge_kv_upload_concurrency"] = options.UploadConcurrency;
        return (jwt.Sign(claims), expires);
    }

    public (string Token, DateTimeOffset ExpiresOn) IssueCompletion(string accountId, string sessionId, string manifestDigest)
    {
        var (claims, expires) = BaseClaims(CompletionKind, accountId, sessionId);
        claims["manifest_sha256"] = manifestDigest;
        return (jwt.Sign(claims), expires);
    }

    /// <summary>
    /// Verifies signature, kind, account and expiry, in that order. Throws <see cref="JwtException"/> whose message
    /// is a whole sentence naming the token (e.g. "The asset upload token has expired …").
    /// </summary>
    public AssetTokenClaims Validate(string token, AssetTokenKind expected, string accountId)
    {
        var name = expected == AssetTokenKind.Upload ? "The asset upload token" : "The asset completion token";
        try
        {
            var claims = jwt.Verify(token);
            var kind = Claim(claims, "kind") switch
            {
                UploadKind => AssetTokenKind.Upload,
                CompletionKind => AssetTokenKind.Completion,
                var other => throw new JwtException(JwtFailure.WrongKind, $"has the unknown kind '{other}'"),
            };
            if (kind != expected)
                throw new JwtException(JwtFailure.WrongKind, kind == AssetTokenKind.Upload
                    ? "is an upload token; use the jwt returned when the last file was uploaded"
                    : "is a completion token, not an upload token");
            if (Claim(claims, "sub") != accountId)
                throw new JwtException(JwtFailure.WrongAccount, $"was not issued for account {accountId}");

            var expires = DateTimeOffset.FromUnixTimeSeconds(NumberClaim(claims, "exp"));
            if (clock.GetUtcNow() >= expires)
                throw new JwtException(JwtFailure.Expired, $"expired at {expires:u}; start a new asset upload session");

            return new AssetTokenClaims(kind, accountId, Claim(claims, "session_id"),
                kind == AssetTokenKind.Completion ? Claim(claims, "manifest_sha256") : null, expires);
        }
        catch (JwtException e)
        {
            throw new JwtException(e.Failure, $"{name} {e.Message}");
        }
    }

    private (JsonObject Claims, DateTimeOffset ExpiresOn) BaseClaims(string kind, string accountId, string sessionId)
    {
        var now = clock.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + Lifetime).ToUnixTimeSeconds());
        return (new JsonObject
        {
            ["iss"] = "switchyard",
            ["sub"] = accountId,
            ["kind"] = kind,
            ["session_id"] = sessionId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        }, expires);
    }

    private static string Claim(JsonObject claims, string name) =>
        claims[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new JwtException(JwtFailure.Malformed, $"lacks the string claim '{name}'");

    private static long NumberClaim(JsonObject claims, string name) =>
        claims[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n)
            ? n
            : throw new JwtException(JwtFailure.Malformed, $"lacks the numeric claim '{name}'");
}
