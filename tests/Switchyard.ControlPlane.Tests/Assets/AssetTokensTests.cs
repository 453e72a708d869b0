using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

public sealed class AssetTokensTests
{
    private const string Account = "0123456789abcdef0123456789abcdef";
    private const string Session = "fedcba9876543210fedcba9876543210";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ManualClock _clock = new(Now);

    private AssetTokens Tokens(AssetUploadOptions? options = null) => new(new HmacJwt(_key), options ?? new AssetUploadOptions(), _clock);

    private static JwtException Refused(Func<object> validate) => Assert.Throws<JwtException>(validate);

    [Fact]
    public void Upload_token_round_trips_and_carries_what_wrangler_reads()
    {
        var (token, expires) = Tokens(new AssetUploadOptions { SingleAssetUploads = true, UploadConcurrency = 7 }).IssueUpload(Account, Session);

        var claims = Tokens().Validate(token, AssetTokenKind.Upload, Account);
        Assert.Equal(new AssetTokenClaims(AssetTokenKind.Upload, Account, Session, null, Now.AddHours(1)), claims);
        Assert.Equal(Now.AddHours(1), expires);

        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        Assert.True((bool)payload["wrangler_single_asset_uploads"]!);
        Assert.Equal(7, (int)payload["edge_kv_upload_concurrency"]!);
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), (long)payload["exp"]!);
        Assert.Equal(Account, (string?)payload["sub"]);
    }

    [Fact]
    public void Completion_token_round_trips_with_its_manifest_digest()
    {
        var (token, _) = Tokens().IssueCompletion(Account, Session, "digest");
        Assert.Equal(new AssetTokenClaims(AssetTokenKind.Completion, Account, Session, "digest", Now.AddHours(1)),
            Tokens().Validate(token, AssetTokenKind.Completion, Account));
    }

    [Fact]
    public void Tampered_payload_fails_the_signature()
    {
        var parts = Tokens().IssueUpload(Account, Session).Token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["session_id"] = "00000000000000000000000000000000";
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var e = Refused(() => Tokens().Validate(tampered, AssetTokenKind.Upload, Account));
        Assert.Equal(JwtFailure.BadSignature, e.Failure);
        Assert.Equal("The asset upload token has an invalid signature", e.Message);
    }

    [Fact]
    public void Token_signed_with_another_key_fails_the_signature()
    {
        var foreign = new AssetTokens(new HmacJwt(RandomNumberGenerator.GetBytes(32)), new AssetUploadOptions(), _clock);
        var token = foreign.IssueUpload(Account, Session).Token;
        Assert.Equal(JwtFailure.BadSignature, Refused(() => Tokens().Validate(token, AssetTokenKind.Upload, Account)).Failure);
    }

    [Fact]
    public void Token_expires_after_an_hour()
    {
        var token = Tokens().IssueUpload(Account, Session).Token;
        _clock.Now = Now.AddMinutes(59);
        Tokens().Validate(token, AssetTokenKind.Upload, Account);

        _clock.Now = Now.AddHours(1);
        var e = Refused(() => Tokens().Validate(token, AssetTokenKind.Upload, Account));
        Assert.Equal(JwtFailure.Expired, e.Failure);
        Assert.Contains("expired at 2026-11-22 13:00:00Z", e.Message);
    }

    [Fact]
    public void Token_of_another_account_is_refused()
    {
        var token = Tokens().IssueCompletion(Account, Session, "d").Token;
        var e = Refused(() => Tokens().Validate(token, AssetTokenKind.Completion, "ffffffffffffffffffffffffffffffff"));
        Assert.Equal(JwtFailure.WrongAccount, e.Failure);
    }

    [Fact]
    public void Kinds_do_not_stand_in_for_each_other()
    {
        var upload = Tokens().IssueUpload(Account, Session).Token;
        var completion = Tokens().IssueCompletion(Account, Session, "d").Token;
        Assert.Equal(JwtFailure.WrongKind, Refused(() => Tokens().Validate(upload, AssetTokenKind.Completion, Account)).Failure);
        Assert.Equal(JwtFailure.WrongKind, Refused(() => Tokens().Validate(completion, AssetTokenKind.Upload, Account)).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!.??.##")]
    public void Malformed_tokens_are_refused(string token)
    {
        Assert.Equal(JwtFailure.Malformed, Refused(() => Tokens().Validate(token, AssetTokenKind.Upload, Account)).Failure);
    }

    [Fact]
    public void Alg_none_is_refused_even_without_a_signature()
    {
        var header = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(Tokens().IssueUpload(Account, Session).Token.Split('.')[1]))!;
        var unsigned = $"{header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.";
        var e = Refused(() => Tokens().Validate(unsigned, AssetTokenKind.Upload, Account));
        Assert.Equal(JwtFailure.Malformed, e.Failure);
        Assert.Contains("HS256", e.Message);
    }

    [Fact]
    public void Validly_signed_token_without_required_claims_is_refused()
    {
        var token = new HmacJwt(_key).Sign(new JsonObject { ["kind"] = "asset-upload", ["sub"] = Account });
        var e = Refused(() => Tokens().Validate(token, AssetTokenKind.Upload, Account));
        Assert.Equal(JwtFailure.Malformed, e.Failure);
        Assert.Contains("'exp'", e.Message);
    }
}
