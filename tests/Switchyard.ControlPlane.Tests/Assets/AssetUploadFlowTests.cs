using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Assets;
using Switchyard.Storage.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>The whole upload flow as wrangler and the SDK drive it, ending in what a deploy redeems.</summary>
public sealed class AssetUploadFlowTests(TestServer server) : IClassFixture<TestServer>
{
    private IAssetCompletionTokens Completions => server.Server.ApiServices.GetRequiredService<IAssetCompletionTokens>();

    /// <summary>A site of 22 files, two of them with identical content (one hash, uploaded once), all unique to <paramref name="tag"/>.</summary>
    private static List<AssetFile> Site(string tag)
    {
        var files = new List<AssetFile>
        {
            new("/index.html", $"<!doctype html><h1>{tag}</h1>"),
            new("/copy/index.html", $"<!doctype html><h1>{tag}</h1>"),
            new("/style.css", $"body{{color:red}} /* {tag} */"),
            new("/logo.png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, .. System.Text.Encoding.UTF8.GetBytes(tag)]),
            new("/LICENSE", $"MIT {tag}"),
            new("/data.unknownext", $"opaque {tag}"),
        };
        for (var i = 0; i < 16; i++) files.Add(new AssetFile($"/js/chunk-{i:00}.js", $"export const n = {i}; // {tag}"));
        return files;
    }

    [Fact]
    public async Task Session_buckets_uploads_and_completion_give_a_redeemable_manifest()
    {
        var files = Site("full-flow");
        files.Add(new AssetFile("/empty.txt", "")); // the only empty file of this fixture, so nobody uploaded it before
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);

        var distinct = files.Select(f => f.Hash).Distinct().ToList();
        Assert.Equal(22, distinct.Count);
        Assert.Equal(distinct.Order(), buckets.SelectMany(b => b).Order());
        Assert.Equal([10, 10, 2], buckets.Select(b => b.Count));

        var claims = AssetFlow.Payload(jwt);
        Assert.False((bool)claims["wrangler_single_asset_uploads"]!);
        Assert.Equal(10, (int)claims["edge_kv_upload_concurrency"]!);
        Assert.InRange((long)claims["exp"]! - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3590, 3600);

        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);
        var manifest = await Completions.RedeemAsync(TestServer.AccountId, null, "site", completion);

        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), manifest.Keys);
        foreach (var file in files)
        {
            var asset = manifest[file.Path];
            Assert.Equal(file.Hash, asset.Hash);
            Assert.Equal(file.Content.Length, asset.Size);
            Assert.Equal(file.Content, await server.Server.Storage.Blobs.ReadAllAsync(asset.BlobKey));
        }
        Assert.Equal("text/html; charset=utf-8", manifest["/index.html"].ContentType);
        Assert.Equal("text/css; charset=utf-8", manifest["/style.css"].ContentType);
        Assert.Equal("image/png", manifest["/logo.png"].ContentType);
        Assert.Equal("text/javascript; charset=utf-8", manifest["/js/chunk-03.js"].ContentType);
        Assert.Null(manifest["/LICENSE"].ContentType);
        Assert.Null(manifest["/data.unknownext"].ContentType); // uploaded as application/null
        Assert.Equal(0, manifest["/empty.txt"].Size);
    }

    [Fact]
    public async Task Completion_token_can_be_redeemed_again_for_a_retried_deploy()
    {
        var files = new List<AssetFile> { new("/retry.html", "retry") };
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);
        Assert.Equal((await Completions.RedeemAsync(TestServer.AccountId, null, "site", completion)).Keys, (await Completions.RedeemAsync(TestServer.AccountId, null, "site", completion)).Keys);
    }

    [Fact]
    public async Task Re_session_with_everything_stored_returns_no_buckets_and_a_completion_token()
    {
        var files = Site("redeploy");
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);

        var (again, none) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        Assert.Empty(none);
        Assert.Equal("asset-completion", (string?)AssetFlow.Payload(again)["kind"]);
        Assert.Equal(files.Count, (await Completions.RedeemAsync(TestServer.AccountId, null, "site", again)).Count);

        // One changed file: only it is asked for.
        files[2] = new AssetFile("/style.css", "body{color:blue}");
        var (_, changed) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        Assert.Equal([[files[2].Hash]], changed);
    }

    [Fact]
    public async Task Single_asset_mode_uploads_raw_bytes_per_hash()
    {
        var files = new List<AssetFile>
        {
            new("/single/a.html", "<p>a</p>"),
            new("/single/b.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
            new("/single/c.bin", [0, 1, 2, 3, 255]),
        };
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        Assert.Single(buckets);
        using var uploader = server.CreateApiClient(jwt);

        string? completion = null;
        for (var i = 0; i < files.Count; i++)
        {
            var body = new ByteArrayContent(files[i].Content);
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].WranglerContentType);
            var response = await uploader.SendApiAsync(HttpMethod.Post, $"{server.AccountPath}/workers/assets/upload/{files[i].Hash}", body);
            if (i < files.Count - 1) response.AssertOk(HttpStatusCode.Accepted);
            else completion = (string)response.AssertOk(HttpStatusCode.Created)!["jwt"]!;
        }

        var manifest = await Completions.RedeemAsync(TestServer.AccountId, null, "site", completion!);
        Assert.Equal("image/svg+xml", manifest["/single/b.svg"].ContentType);
        Assert.Equal(files[2].Content, await server.Server.Storage.Blobs.ReadAllAsync(manifest["/single/c.bin"].BlobKey));
    }

    [Fact]
    public async Task Sdk_plain_fields_get_their_content_type_from_the_manifest_path()
    {
        var files = new List<AssetFile> { new("/sdk/app.js", "console.log(1)"), new("/sdk/page.html", "<p>sdk</p>") };
        var (jwt, _) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        using var uploader = server.CreateApiClient(jwt);

        var result = (await AssetFlow.UploadAsync(uploader, server.AccountPath, AssetFlow.SdkFields(files))).AssertOk(HttpStatusCode.Created)!;
        var manifest = await Completions.RedeemAsync(TestServer.AccountId, null, "site", (string)result["jwt"]!);

        Assert.Equal("text/javascript; charset=utf-8", manifest["/sdk/app.js"].ContentType);
        Assert.Equal("text/html; charset=utf-8", manifest["/sdk/page.html"].ContentType);
        Assert.Equal(files[1].Content, await server.Server.Storage.Blobs.ReadAllAsync(manifest["/sdk/page.html"].BlobKey));
    }

    [Fact]
    public async Task Raw_multipart_bodies_are_accepted_without_base64()
    {
        var file = new AssetFile("/raw/plain.txt", "not base64 at all");
        var (jwt, _) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, [file]);
        using var uploader = server.CreateApiClient(jwt);
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        form.Add(part, file.Hash, file.Hash);

        var result = (await AssetFlow.UploadAsync(uploader, server.AccountPath, form, base64: false)).AssertOk(HttpStatusCode.Created)!;
        var asset = (await Completions.RedeemAsync(TestServer.AccountId, null, "site", (string)result["jwt"]!))["/raw/plain.txt"];
        Assert.Equal("text/plain; charset=utf-8", asset.ContentType);
        Assert.Equal(file.Content, await server.Server.Storage.Blobs.ReadAllAsync(asset.BlobKey));
    }

    [Fact]
    public async Task A_retried_bucket_is_accepted_again()
    {
        var files = new List<AssetFile> { new("/retried/a.css", "a{}"), new("/retried/b.css", "b{}") };
        var (jwt, _) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files);
        using var uploader = server.CreateApiClient(jwt);

        (await AssetFlow.UploadAsync(uploader, server.AccountPath, AssetFlow.WranglerBucket(files[..1]))).AssertOk(HttpStatusCode.Accepted);
        (await AssetFlow.UploadAsync(uploader, server.AccountPath, AssetFlow.WranglerBucket(files[..1]))).AssertOk(HttpStatusCode.Accepted);
        var result = (await AssetFlow.UploadAsync(uploader, server.AccountPath, AssetFlow.WranglerBucket(files))).AssertOk(HttpStatusCode.Created)!;
        Assert.Equal(2, (await Completions.RedeemAsync(TestServer.AccountId, null, "site", (string)result["jwt"]!)).Count);
    }

    [Fact]
    public async Task Signing_key_survives_in_the_data_dir()
    {
        var key = server.Server.Storage.Secrets.GetOrCreate(AssetTokens.SigningKeyName, 32);
        Assert.Equal(32, key.Length);
        Assert.Equal(key, server.Server.Storage.Secrets.GetOrCreate(AssetTokens.SigningKeyName, 32));

        // A second storage instance over the same data dir (a restart) reads the same key.
        var restarted = new Switchyard.Storage.EmbeddedStorage(server.DataDir);
        Assert.Equal(key, restarted.Secrets.GetOrCreate(AssetTokens.SigningKeyName, 32));
    }
}
