using System.Diagnostics;
using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Storage.Tests.Nodes;

/// <summary>
/// Real Switchyard servers (API, edge and Workers runtime in this process) on PostgreSQL: one alone, and two on one
/// database as two nodes behind a load balancer would be.
/// </summary>
public sealed class SharedDatabaseServerTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = null!;
    private readonly List<TestServer> _servers = [];

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync();
        _database = await _postgres.CreateDatabaseAsync("node");
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
    }

    private async Task<TestServer> StartNodeAsync()
    {
        var server = new TestServer { Postgres = _database };
        _servers.Add(server);
        await server.InitializeAsync();
        return server;
    }

    [Fact]
    public async Task A_server_on_postgres_deploys_and_serves_a_worker_with_kv_and_assets()
    {
        var server = await StartNodeAsync();
        var ns = (string)(await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/storage/kv/namespaces", new { title = "data" }))
            .AssertOk()!["id"]!;
        using (var value = new StringContent("from kv"))
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/storage/kv/namespaces/{ns}/values/greeting", value)).AssertOk();

        await DeployAsync(server, "site", ns);

        Assert.Equal("from kv / hello", await GetTextAsync(server, "site", "/"));
        Assert.Equal("static file", await GetTextAsync(server, "site", "/file.txt"));
        Assert.Equal("written", await GetTextAsync(server, "site", "/write"));
        Assert.Equal("w", await (await server.Api.GetAsync($"{server.AccountPath}/storage/kv/namespaces/{ns}/values/written")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nodes_starting_together_on_an_empty_database_share_one_bootstrap_account_and_token()
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => new TestServer { Postgres = _database }).ToList();
        _servers.AddRange(nodes);
        await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));
        foreach (var node in nodes)
            Assert.Equal(TestServer.AccountId, (string)(await node.Api.GetApiAsync("accounts")).AssertOk()!.AsArray().Single()!["id"]!);
    }

    [Fact]
    public async Task A_worker_deployed_through_one_node_is_served_by_another_and_its_deletion_too()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        var ns = (string)(await a.Api.SendJsonAsync(HttpMethod.Post, $"{a.AccountPath}/storage/kv/namespaces", new { title = "data" }))
            .AssertOk()!["id"]!;
        using (var value = new StringContent("shared"))
            (await b.Api.SendApiAsync(HttpMethod.Put, $"{b.AccountPath}/storage/kv/namespaces/{ns}/values/greeting", value)).AssertOk();

        // b has looked the name up (and keeps "nothing deployed" in memory) before a deploys it.
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetEdgeAsync(Host("site"), "/")).StatusCode);
        await DeployAsync(a, "site", ns);
        await EventuallyAsync(async () => await GetTextAsync(b, "site", "/") == "shared / hello");
        Assert.Equal("static file", await GetTextAsync(b, "site", "/file.txt"));

        (await a.Api.SendApiAsync(HttpMethod.Delete, $"{a.AccountPath}/workers/scripts/site")).AssertOk();
        await EventuallyAsync(async () => (await b.GetEdgeAsync(Host("site"), "/")).StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_asset_upload_session_opened_on_one_node_completes_on_another()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        AssetFile[] files = [new("/index.html", "<h1>hi</h1>"u8.ToArray())];
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(a.Api, a.AccountPath, files, script: "split");
        var completion = await AssetFlow.UploadBucketsAsync(b, b.AccountPath, jwt, buckets, files);
        var form = ScriptUploads.Wrangler(new { assets = new { jwt = completion, config = new { } }, compatibility_date = "2025-06-01" });
        (await a.Api.SendApiAsync(HttpMethod.Put, $"{a.AccountPath}/workers/scripts/split", form)).AssertOk();
        (await a.Api.SendJsonAsync(HttpMethod.Post, $"{a.AccountPath}/workers/scripts/split/subdomain", new { enabled = true })).AssertOk();
        await EventuallyAsync(async () => await GetTextAsync(b, "split", "/") == "<h1>hi</h1>");
    }

    private const string Worker = """
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            if (url.pathname === "/write") { await env.KV.put("written", "w"); return new Response("written"); }
            return new Response(await env.KV.get("greeting") + " / hello");
          }
        };
        """;

    [Fact]
    public async Task A_node_killed_with_sigkill_loses_nothing_it_acknowledged()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "switchyard-killed-" + Guid.NewGuid().ToString("N"));
        string accountPath = $"accounts/{TestServer.AccountId}";
        string ns;
        try
        {
            await using (var killed = await ServerProcess.StartAsync(dataDir, _database))
            {
                ns = (string)(await killed.Api.SendJsonAsync(HttpMethod.Post, $"{accountPath}/storage/kv/namespaces", new { title = "acked" })).AssertOk()!["id"]!;
                for (int i = 0; i < 20; i++)
                    using (var value = new StringContent($"value {i}"))
                        (await killed.Api.SendApiAsync(HttpMethod.Put, $"{accountPath}/storage/kv/namespaces/{ns}/values/key-{i}", value)).AssertOk();
                var form = ScriptUploads.Module(new() { ["bindings"] = new object[] { new { name = "KV", type = "kv_namespace", namespace_id = ns } } },
                    "export default { async fetch(request, env) { return new Response(await env.KV.get('key-19')); } };");
                (await killed.Api.SendApiAsync(HttpMethod.Put, $"{accountPath}/workers/scripts/survivor", form)).AssertOk();
                (await killed.Api.SendJsonAsync(HttpMethod.Post, $"{accountPath}/workers/scripts/survivor/subdomain", new { enabled = true })).AssertOk();
                killed.Kill();  // SIGKILL: no shutdown code runs
            }

            // Another node on the same database has every acknowledged write.
            var node = await StartNodeAsync();
            for (int i = 0; i < 20; i++)
                Assert.Equal($"value {i}", await (await node.Api.GetAsync($"{node.AccountPath}/storage/kv/namespaces/{ns}/values/key-{i}")).Content.ReadAsStringAsync());
            Assert.Equal("value 19", await GetTextAsync(node, "survivor", "/"));
        }
        finally
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task DeployAsync(TestServer server, string script, string kvNamespace)
    {
        AssetFile[] files = [new("/file.txt", "static file"u8.ToArray())];
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, script: script);
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);
        var form = ScriptUploads.Wrangler(new
        {
            main_module = "index.js",
            compatibility_date = "2025-06-01",
            assets = new { jwt = completion, config = new { } },
            bindings = new object[] { new { name = "KV", type = "kv_namespace", namespace_id = kvNamespace } },
        }, TestModule.Esm("index.js", Worker));
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}", form)).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain", new { enabled = true })).AssertOk();
    }

    private static string Host(string script) => $"{script}.dev.workers.localhost";

    private static async Task<string> GetTextAsync(TestServer server, string script, string path)
    {
        using var response = await server.GetEdgeAsync(Host(script), path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Waits for another node to see a change: within a second (LISTEN/NOTIFY, or the 1 s poll), with slack for a loaded machine.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), "the other node did not see the change");
            await Task.Delay(25);
        }
    }
}
