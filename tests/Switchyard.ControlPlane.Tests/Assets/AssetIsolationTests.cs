using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>
/// Hashes are chosen by clients, so what one account uploaded must never satisfy another account's manifest,
/// and tokens never cross accounts.
/// </summary>
public sealed class AssetIsolationTests(TestServer server) : IClassFixture<TestServer>
{
    private const string OtherAccount = "abababababababababababababababab";
    private const string OtherToken = "other-account-token-aaaaaaaaaaaaaaaaaaaa";
    private static string OtherPath => $"accounts/{OtherAccount}";

    private IAssetCompletionTokens Completions => server.Server.ApiServices.GetRequiredService<IAssetCompletionTokens>();

    private async Task<HttpClient> OtherApiAsync()
    {
        if (await server.Server.Storage.Accounts.GetAsync(OtherAccount) is null)
        {
            await server.Server.Storage.Accounts.CreateAsync(OtherAccount, "Other", "other");
            await server.Server.Storage.Accounts.AddTokenAsync(OtherAccount, "other", OtherToken);
        }
        return server.CreateApiClient(OtherToken);
    }

    [Fact]
    public async Task A_hash_uploaded_by_one_account_is_still_asked_of_another()
    {
        var secret = new AssetFile("/secret.txt", "account A's secret");
        var (jwtA, bucketsA) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, [secret]);
        var completionA = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwtA, bucketsA, [secret]);

        // B announces A's hash: B must upload it itself and gets no completion token for free.
        using var apiB = await OtherApiAsync();
        var (jwtB, bucketsB) = await AssetFlow.StartSessionAsync(apiB, OtherPath, [secret]);
        Assert.Equal([[secret.Hash]], bucketsB);
        Assert.Equal("asset-upload", (string?)AssetFlow.Payload(jwtB)["kind"]);

        // B uploads its own bytes (same size) under that hash; each account redeems its own bytes.
        var impostor = "account B's secret"u8.ToArray();
        Assert.Equal(secret.Content.Length, impostor.Length);
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes(Convert.ToBase64String(impostor))), secret.Hash, secret.Hash);
        using var uploaderB = server.CreateApiClient(jwtB);
        var completionB = (string)(await AssetFlow.UploadAsync(uploaderB, OtherPath, form)).AssertOk(HttpStatusCode.Created)!["jwt"]!;

        var assetA = (await Completions.RedeemAsync(TestServer.AccountId, null, "site", completionA))["/secret.txt"];
        var assetB = (await Completions.RedeemAsync(OtherAccount, null, "site", completionB))["/secret.txt"];
        Assert.Equal(secret.Content, await server.Server.Storage.Blobs.ReadAllAsync(assetA.BlobKey));
        Assert.Equal(impostor, await server.Server.Storage.Blobs.ReadAllAsync(assetB.BlobKey));
    }

    [Fact]
    public async Task Completion_tokens_cannot_be_redeemed_by_another_account()
    {
        var file = new AssetFile("/mine.css", "p{}");
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, [file]);
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, [file]);
        using var _ = await OtherApiAsync();

        var refused = await Assert.ThrowsAsync<ApiException>(() => Completions.RedeemAsync(OtherAccount, null, "site", completion));
        Assert.Equal((400, 10021), (refused.Status, refused.Code));
        Assert.Contains($"not issued for account {OtherAccount}", refused.Message);
    }

    [Fact]
    public async Task Upload_tokens_cannot_upload_into_another_account()
    {
        using var apiB = await OtherApiAsync();
        var file = new AssetFile("/b-only.js", "b()");
        var (jwtB, _) = await AssetFlow.StartSessionAsync(apiB, OtherPath, [file]);
        var before = AssetFlow.Counts(server);

        using var uploader = server.CreateApiClient(jwtB);
        (await AssetFlow.UploadAsync(uploader, server.AccountPath, AssetFlow.WranglerBucket([file]))).AssertError(HttpStatusCode.Forbidden, 10000);
        Assert.Equal(before, AssetFlow.Counts(server));
    }

    [Fact]
    public async Task Api_token_of_one_account_cannot_open_sessions_in_another()
    {
        var response = await server.Api.SendJsonAsync(HttpMethod.Post, AssetFlow.SessionPath(OtherPath), AssetFlow.Manifest([]));
        response.AssertError(HttpStatusCode.Forbidden, 10000);
    }
}
