using System.Net;
using System.Security.Cryptography;
using System.Text;
using Switchyard.Storage.Blobs;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Blobs;

/// <summary>
/// A blob file changed on disk is never served: its bytes are checked against the hash its name claims when they are
/// loaded (worker code, assets), a mismatch counts as missing, and storing the right content again repairs it.
/// </summary>
public sealed class BlobIntegrityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-blobs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string PathOf(string root, string key) => Path.Combine(root, key[..2], key[2..]);

    [Fact]
    public async Task A_damaged_file_reads_as_missing_is_reported_and_a_put_of_its_content_rewrites_it()
    {
        var store = new FileBlobStore(_dir);
        var reported = new List<string>();
        store.Corrupted += (key, _) => reported.Add(key);
        byte[] content = Encoding.UTF8.GetBytes("export default { fetch() { return new Response('honest'); } };");
        string key = await store.PutAsync(content);
        Assert.Equal(content, await store.ReadAllAsync(key));
        using (var first = store.OpenRead(key)) Assert.NotNull(first);

        await File.WriteAllTextAsync(PathOf(_dir, key), "export default { fetch() { return new Response('altered'); } };");
        Assert.Null(await store.ReadAllAsync(key));
        Assert.Null(store.OpenRead(key));  // the earlier check of this file is not trusted after it changed
        Assert.Equal([key, key], reported);
        Assert.True(store.Exists(key));

        Assert.Equal(key, await store.PutAsync(content));  // the same content again: the damaged copy is replaced
        Assert.Equal(content, await store.ReadAllAsync(key));
        using var repaired = store.OpenRead(key);
        Assert.Equal(content, ReadAll(repaired!));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Altered_worker_code_never_runs_and_redeploying_the_same_code_repairs_it()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        const string code = "export default { fetch() { return new Response('honest'); } };";
        async Task DeployAsync()
        {
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/guarded",
                ScriptUploads.Wrangler(new { main_module = "index.js", compatibility_date = "2025-06-01" }, TestModule.Esm("index.js", code)))).AssertOk();
            (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/guarded/subdomain", new { enabled = true })).AssertOk();
        }
        async Task<(HttpStatusCode, string)> GetAsync()
        {
            using var response = await server.GetEdgeAsync("guarded.dev.workers.localhost");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        await DeployAsync();
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        await File.WriteAllTextAsync(PathOf(Path.Combine(server.DataDir, "blobs"), key),
            "export default { fetch() { return new Response('altered'); } };");

        var (status, body) = await GetAsync();
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.DoesNotContain("altered", body);

        await DeployAsync();  // identical content: the put rewrites the damaged file
        Assert.Equal((HttpStatusCode.OK, "honest"), await GetAsync());
    }
}
