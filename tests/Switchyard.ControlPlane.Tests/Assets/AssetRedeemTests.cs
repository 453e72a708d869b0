using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>What a deploy gets when it redeems a token that is not a good completion token: 400/10021, precisely.</summary>
public sealed class AssetRedeemTests(TestServer server) : IClassFixture<TestServer>
{
    private IAssetCompletionTokens Completions => server.Server.ApiServices.GetRequiredService<IAssetCompletionTokens>();

    private AssetTokens ServerTokens(DateTimeOffset now) => new(
        new HmacJwt(server.Server.Storage.Secrets.GetOrCreate(AssetTokens.SigningKeyName, 32)), new AssetUploadOptions(), new ManualClock(now));

    private async Task<string> RefusedAsync(string jwt)
    {
        var e = await Assert.ThrowsAsync<ApiException>(() => Completions.RedeemAsync(TestServer.AccountId, null, "site", jwt));
        Assert.Equal((400, 10021), (e.Status, e.Code));
        return e.Message;
    }

    private async Task<(string UploadJwt, string SessionId)> PendingSessionAsync(params AssetFile[] files)
    {
        var (jwt, _) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        return (jwt, (string)AssetFlow.Payload(jwt)["session_id"]!);
    }

    [Fact]
    public async Task An_upload_token_is_not_a_completion_token()
    {
        var (jwt, _) = await PendingSessionAsync(new AssetFile("/r/upload.txt", "upload"));
        Assert.Contains("is an upload token", await RefusedAsync(jwt));
    }

    [Fact]
    public async Task Garbage_is_not_a_jwt() => Assert.Contains("not a JWT", await RefusedAsync("definitely-not-a-jwt"));

    [Fact]
    public async Task Tampered_completion_token_is_refused()
    {
        var file = new AssetFile("/r/tamper.txt", "tamper");
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, [file]);
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, [file]);
        var parts = completion.Split('.');
        var claims = AssetFlow.Payload(completion);
        claims["session_id"] = new string('1', 32);
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        Assert.Contains("invalid signature", await RefusedAsync(tampered));
    }

    [Fact]
    public async Task Expired_completion_token_is_refused()
    {
        var (_, sessionId) = await PendingSessionAsync(new AssetFile("/r/expired.txt", "expired"));
        var expired = ServerTokens(DateTimeOffset.UtcNow.AddHours(-3)).IssueCompletion(TestServer.AccountId, sessionId, new string('0', 64)).Token;
        Assert.Contains("expired", await RefusedAsync(expired));
    }

    [Fact]
    public async Task Completion_token_for_files_never_uploaded_is_refused()
    {
        // Only a holder of the signing key could mint this; the check still stands behind the signature.
        var file = new AssetFile("/r/never.txt", "never uploaded");
        var (_, sessionId) = await PendingSessionAsync(file);
        var session = (await server.Server.Storage.Assets.GetSessionAsync(TestServer.AccountId, sessionId))!;
        var token = ServerTokens(DateTimeOffset.UtcNow).IssueCompletion(TestServer.AccountId, sessionId, UploadManifest.Digest(session.Manifest)).Token;
        Assert.Contains($"/r/never.txt ({file.Hash})", await RefusedAsync(token));
    }

    [Fact]
    public async Task Completion_token_bound_to_another_manifest_is_refused()
    {
        var (_, sessionId) = await PendingSessionAsync(new AssetFile("/r/bound.txt", "bound"));
        var token = ServerTokens(DateTimeOffset.UtcNow).IssueCompletion(TestServer.AccountId, sessionId, new string('0', 64)).Token;
        Assert.Contains("does not match", await RefusedAsync(token));
    }

    [Fact]
    public async Task Completion_token_of_a_vanished_session_is_refused()
    {
        var token = ServerTokens(DateTimeOffset.UtcNow).IssueCompletion(TestServer.AccountId, new string('9', 32), new string('0', 64)).Token;
        Assert.Contains("session", await RefusedAsync(token));
    }

    [Fact]
    public async Task A_completion_token_deploys_only_the_script_its_session_was_opened_for()
    {
        var file = new AssetFile("/bound/index.html", "<p>bound</p>");
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, [file], script: "owner-site");
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, [file]);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/dispatch/namespaces", new { name = "bound-ns" })).AssertOk();

        async Task<ApiResponse> Deploy(string path) => await server.Api.SendApiAsync(HttpMethod.Put, path,
            ScriptUploads.Wrangler(new { assets = new { jwt = completion }, compatibility_date = "2025-06-01" }));

        var other = await Deploy($"{server.AccountPath}/workers/scripts/other-site");
        Assert.Equal("The asset completion token is for the script 'owner-site', not the script 'other-site': open an upload session for the script you deploy",
            other.AssertError(System.Net.HttpStatusCode.BadRequest, 10021));
        var namespaced = await Deploy($"{server.AccountPath}/workers/dispatch/namespaces/bound-ns/scripts/owner-site");
        Assert.Equal("The asset completion token is for the script 'owner-site', not the script 'owner-site' in dispatch namespace 'bound-ns': "
            + "open an upload session for the script you deploy", namespaced.AssertError(System.Net.HttpStatusCode.BadRequest, 10021));
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/other-site")).AssertError(System.Net.HttpStatusCode.NotFound, 10007);

        (await Deploy($"{server.AccountPath}/workers/scripts/owner-site")).AssertOk();
    }
}
