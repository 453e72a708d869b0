using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchyard.ControlPlane.Assets;
using Switchyard.ControlPlane.Blobs;
using Switchyard.ControlPlane.Tests.Scripts;
using Switchyard.Storage.Blobs;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Blobs;

/// <summary>
/// Blob garbage collection over a real server (SQLite + FileBlobStore in a temp dir), with deploys through the API.
/// Every test makes its own unique content, so collections run by other tests of the class never touch its blobs
/// unless they are garbage anyway.
/// </summary>
public sealed class BlobCollectionTests(TestServer server) : IClassFixture<TestServer>
{
    private BlobCollector Collector => server.Server.Storage.BlobCollector;
    private IBlobStore Blobs => server.Server.Storage.Blobs;

    [Fact]
    public async Task Every_stored_version_keeps_its_code_and_deleting_the_script_frees_it()
    {
        var name = TestNames.Unique("gc");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        var (v1, v2, shared) = (Code("v1"), Code("v2"), Code("shared"));
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(code: v1))).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(code: v2))).AssertOk();
        var other = $"{server.AccountPath}/workers/scripts/{TestNames.Unique("gc-other")}";
        (await server.Api.SendApiAsync(HttpMethod.Put, other, ScriptUploads.Module(code: v1))).AssertOk();

        await CollectEverythingAsync();
        Assert.True(await Blobs.ExistsAsync(KeyOf(v1)), "the first version is kept for rollback");
        Assert.True(await Blobs.ExistsAsync(KeyOf(v2)));

        (await server.Api.SendApiAsync(HttpMethod.Delete, path)).AssertOk();
        var run = await CollectEverythingAsync();
        Assert.False(await Blobs.ExistsAsync(KeyOf(v2)), "the deleted script's code is garbage");
        Assert.True(await Blobs.ExistsAsync(KeyOf(v1)), "another script still uses this code");
        Assert.True(run.Deleted >= 1 && run.BytesFreed >= Encoding.UTF8.GetByteCount(v2));

        (await server.Api.SendApiAsync(HttpMethod.Delete, other)).AssertOk();
        await CollectEverythingAsync();
        Assert.False(await Blobs.ExistsAsync(KeyOf(v1)));
        Assert.False(await Blobs.ExistsAsync(KeyOf(shared)), "never stored");
    }

    [Fact]
    public async Task Deleting_a_dispatch_namespace_frees_its_scripts_code()
    {
        var ns = await server.CreateNamespaceAsync("gc");
        var code = Code("ns");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/w",
            ScriptUploads.Module(code: code))).AssertOk();
        await CollectEverythingAsync();
        Assert.True(await Blobs.ExistsAsync(KeyOf(code)));

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}")).AssertOk();
        await CollectEverythingAsync();
        Assert.False(await Blobs.ExistsAsync(KeyOf(code)));
    }

    [Fact]
    public async Task Deployed_assets_stay_and_once_unused_are_collected_and_asked_for_again()
    {
        var name = TestNames.Unique("gc-site");
        var files = new[] { new AssetFile("/index.html", "<h1>" + Guid.NewGuid() + "</h1>"), new AssetFile("/app.css", "p{}" + Guid.NewGuid()) };
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, script: name);
        Assert.Equal(2, buckets.Sum(b => b.Count));

        // an upload in flight: its files are referenced by nothing yet, but the live session protects them
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);
        await CollectEverythingAsync();
        foreach (var f in files) Assert.True(await Blobs.ExistsAsync(KeyOf(f.Content)), f.Path);

        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["assets"] = new { jwt = completion } }))).AssertOk();
        var manifestKey = (await server.LiveAsync(name)).Version.Content.Assets!.ManifestKey;
        ExpireUploadSessions();
        await CollectEverythingAsync();
        Assert.True(await Blobs.ExistsAsync(manifestKey));
        foreach (var f in files) Assert.True(await Blobs.ExistsAsync(KeyOf(f.Content)), "the deployed manifest references " + f.Path);

        (await server.Api.SendApiAsync(HttpMethod.Delete, path)).AssertOk();
        var run = await CollectEverythingAsync();
        Assert.False(await Blobs.ExistsAsync(manifestKey));
        foreach (var f in files) Assert.False(await Blobs.ExistsAsync(KeyOf(f.Content)), f.Path);
        Assert.True(run.UploadsForgotten >= 2);

        // the account's record of those uploads went with the blobs: a new session asks for the files again
        var (_, again) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, script: name);
        Assert.Equal(files.Select(f => f.Hash).Order(), again.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task An_unreferenced_blob_stays_for_the_grace_period()
    {
        var key = await Blobs.PutAsync(Encoding.UTF8.GetBytes(Code("fresh")));
        await Collector.CollectAsync(TimeSpan.FromHours(2));
        Assert.True(await Blobs.ExistsAsync(key));

        Backdate(key, TimeSpan.FromHours(3));
        await Collector.CollectAsync(TimeSpan.FromHours(2));
        Assert.False(await Blobs.ExistsAsync(key));
    }

    [Fact]
    public async Task Putting_stored_content_again_refreshes_its_time_so_a_deploy_about_to_use_it_keeps_it()
    {
        var content = Encoding.UTF8.GetBytes(Code("reput"));
        var key = await Blobs.PutAsync(content);
        Backdate(key, TimeSpan.FromHours(3));

        Assert.Equal(key, await Blobs.PutAsync(content));
        var written = Assert.Single(await Blobs.ListAsync(), b => b.Key == key).LastWritten;
        Assert.True(DateTimeOffset.UtcNow - written < TimeSpan.FromMinutes(1), $"last written {written}");
        await Collector.CollectAsync(TimeSpan.FromHours(2));
        Assert.True(await Blobs.ExistsAsync(key));
    }

    [Fact]
    public async Task Abandoned_partial_writes_are_deleted_once_old()
    {
        var temp = Path.Combine(server.DataDir, "blobs", "tmp", Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(temp, "half a blob");
        await Collector.CollectAsync(TimeSpan.FromHours(2));
        Assert.True(File.Exists(temp));
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-3));
        await Collector.CollectAsync(TimeSpan.FromHours(2));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void The_host_runs_the_collector_with_a_grace_period_that_outlives_upload_sessions()
    {
        Assert.Contains(server.Server.ApiServices.GetServices<IHostedService>(), s => s is BlobCollectionService);
        var options = server.Server.ApiServices.GetRequiredService<BlobCollectionOptions>();
        Assert.True(options.GracePeriod >= AssetTokens.Lifetime);
        Assert.Throws<ArgumentException>(() => new BlobCollectionOptions { GracePeriod = TimeSpan.FromMinutes(30) }.Validate());
    }

    /// <summary>A collection with no grace period: everything unreferenced and written before now goes.</summary>
    private async Task<BlobCollection> CollectEverythingAsync()
    {
        await Task.Delay(5); // "before now" at the file system's and SQLite's millisecond resolution
        return await Collector.CollectAsync(TimeSpan.Zero);
    }

    /// <summary>Time passing for the upload sessions, which a live session otherwise protects for an hour.</summary>
    private void ExpireUploadSessions()
    {
        using var connection = server.SqliteDatabase.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE asset_upload_sessions SET expires_on = 0";
        command.ExecuteNonQuery();
    }

    private void Backdate(string key, TimeSpan age) =>
        File.SetLastWriteTimeUtc(Path.Combine(server.DataDir, "blobs", key[..2], key[2..]), DateTime.UtcNow - age);

    private static string Code(string label) =>
        $"export default {{ fetch() {{ return new Response('{label} {Guid.NewGuid()}'); }} }};\n";

    private static string KeyOf(string text) => FileBlobStore.KeyOf(Encoding.UTF8.GetBytes(text));
    private static string KeyOf(byte[] content) => FileBlobStore.KeyOf(content);
}
