using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>Every refused upload answers precisely and stores nothing: no asset row, no blob.</summary>
public sealed class AssetUploadValidationTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly List<AssetFile> Files =
    [
        new("/v/index.html", "<p>validation</p>"),
        new("/v/app.js", "console.log('validation')"),
    ];

    private async Task<string> SessionAsync() => (await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, Files)).Jwt;

    private async Task<string> RefusedAsync(string? bearer, HttpContent content, HttpStatusCode status, int code,
        string query = "?base64=true", string? accountPath = null)
    {
        var before = AssetFlow.Counts(server);
        using var client = server.CreateApiClient(bearer);
        var response = await client.SendApiAsync(HttpMethod.Post, $"{accountPath ?? server.AccountPath}/workers/assets/upload{query}", content);
        var message = response.AssertError(status, code);
        var after = AssetFlow.Counts(server);
        Assert.Equal((before.Assets, before.Blobs), (after.Assets, after.Blobs));
        return message;
    }

    private static HttpContent Bucket() => AssetFlow.WranglerBucket(Files);

    [Fact]
    public async Task Missing_token_is_401()
    {
        Assert.Contains("Authorization: Bearer", await RefusedAsync(null, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Api_token_instead_of_upload_jwt_is_401()
    {
        Assert.Contains("not a JWT", await RefusedAsync(TestServer.Token, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Tampered_payload_is_401()
    {
        var parts = (await SessionAsync()).Split('.');
        var claims = AssetFlow.Payload(string.Join('.', parts));
        claims["exp"] = (long)claims["exp"]! + 86_400;
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        Assert.Contains("invalid signature", await RefusedAsync(tampered, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_401()
    {
        var claims = AssetFlow.Payload(await SessionAsync());
        var forged = new HmacJwt(RandomNumberGenerator.GetBytes(32)).Sign(claims);
        Assert.Contains("invalid signature", await RefusedAsync(forged, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        var sessionId = (string)AssetFlow.Payload(await SessionAsync())["session_id"]!;
        var expired = ServerTokens(DateTimeOffset.UtcNow.AddHours(-2)).IssueUpload(TestServer.AccountId, sessionId).Token;
        Assert.Contains("expired", await RefusedAsync(expired, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Completion_token_is_not_an_upload_token()
    {
        var sessionId = (string)AssetFlow.Payload(await SessionAsync())["session_id"]!;
        var completion = ServerTokens(DateTimeOffset.UtcNow).IssueCompletion(TestServer.AccountId, sessionId, new string('0', 64)).Token;
        Assert.Contains("completion token", await RefusedAsync(completion, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Token_for_an_unknown_session_is_401()
    {
        var unknown = ServerTokens(DateTimeOffset.UtcNow).IssueUpload(TestServer.AccountId, new string('a', 32)).Token;
        Assert.Contains("session", await RefusedAsync(unknown, Bucket(), HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Token_of_another_account_is_403()
    {
        var other = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
        if (await server.Server.Storage.Accounts.GetAsync(other) is null) await server.Server.Storage.Accounts.CreateAsync(other, "Other", "other-validation");
        await RefusedAsync(await SessionAsync(), Bucket(), HttpStatusCode.Forbidden, 10000, accountPath: $"accounts/{other}");
    }

    [Fact]
    public async Task Hash_not_in_the_manifest_is_400()
    {
        var stranger = new AssetFile("/v/other.css", "not announced");
        var message = await RefusedAsync(await SessionAsync(), AssetFlow.WranglerBucket([Files[0], stranger]), HttpStatusCode.BadRequest, 10021);
        Assert.Contains(stranger.Hash, message);
    }

    [Fact]
    public async Task Size_mismatch_is_400()
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes("<p>different length</p>"))));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("text/html; charset=utf-8");
        form.Add(part, Files[0].Hash, Files[0].Hash);
        Assert.Contains("manifest says", await RefusedAsync(await SessionAsync(), form, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Base64_garbage_is_400_and_the_valid_parts_beside_it_are_not_stored()
    {
        var form = AssetFlow.WranglerBucket(Files[..1]);
        form.Add(new ByteArrayContent("@@not base64!!"u8.ToArray()), Files[1].Hash, Files[1].Hash);
        Assert.Contains("not valid base64", await RefusedAsync(await SessionAsync(), form, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Non_multipart_body_is_400()
    {
        var json = new StringContent("{\"files\":[]}", Encoding.UTF8, "application/json");
        Assert.Contains("multipart/form-data", await RefusedAsync(await SessionAsync(), json, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Malformed_multipart_is_400()
    {
        var garbage = new ByteArrayContent("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"u8.ToArray());
        garbage.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        Assert.Contains("malformed", await RefusedAsync(await SessionAsync(), garbage, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Upload_without_files_is_400()
    {
        var empty = new ByteArrayContent("--xyz--\r\n"u8.ToArray());
        empty.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        Assert.Contains("no files", await RefusedAsync(await SessionAsync(), empty, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Duplicate_part_is_400()
    {
        Assert.Contains("twice", await RefusedAsync(await SessionAsync(), AssetFlow.WranglerBucket([Files[0], Files[0]]),
            HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Bad_part_content_type_is_400()
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.ASCII.GetBytes(Convert.ToBase64String(Files[0].Content)));
        part.Headers.TryAddWithoutValidation("Content-Type", "not a type");
        form.Add(part, Files[0].Hash, Files[0].Hash);
        Assert.Contains("invalid Content-Type", await RefusedAsync(await SessionAsync(), form, HttpStatusCode.BadRequest, 10021));
    }

    [Fact]
    public async Task Bad_base64_flag_is_400()
    {
        await RefusedAsync(await SessionAsync(), Bucket(), HttpStatusCode.BadRequest, 10021, query: "?base64=yes");
    }

    [Fact]
    public async Task Single_raw_upload_checks_hash_and_size()
    {
        var jwt = await SessionAsync();
        var before = AssetFlow.Counts(server);
        using var uploader = server.CreateApiClient(jwt);

        var unknown = await uploader.SendApiAsync(HttpMethod.Post, $"{server.AccountPath}/workers/assets/upload/{new string('e', 32)}",
            new ByteArrayContent(Files[0].Content));
        Assert.Contains("not the hash", unknown.AssertError(HttpStatusCode.BadRequest, 10021));

        var wrongSize = await uploader.SendApiAsync(HttpMethod.Post, $"{server.AccountPath}/workers/assets/upload/{Files[0].Hash}",
            new ByteArrayContent([1, 2, 3]));
        Assert.Contains("manifest says", wrongSize.AssertError(HttpStatusCode.BadRequest, 10021));

        using var apiTokenClient = server.CreateApiClient(TestServer.Token);
        (await apiTokenClient.SendApiAsync(HttpMethod.Post, $"{server.AccountPath}/workers/assets/upload/{Files[0].Hash}",
            new ByteArrayContent(Files[0].Content))).AssertError(HttpStatusCode.Unauthorized, 10000);

        var after = AssetFlow.Counts(server);
        Assert.Equal((before.Assets, before.Blobs), (after.Assets, after.Blobs));
    }

    /// <summary>Tokens signed with this server's own key, at a chosen time.</summary>
    private AssetTokens ServerTokens(DateTimeOffset now) => new(
        new HmacJwt(server.Server.Storage.Secrets.GetOrCreate(AssetTokens.SigningKeyName, 32)), new AssetUploadOptions(), new ManualClock(now));
}
