using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// Two nodes on one real PostgreSQL (<see cref="PostgresServer"/>), as behind a load balancer: the real wrangler talks to
/// node A's API only, and every change it makes (a deploy with static assets, a KV write, a secret, a dispatch namespace
/// and a user worker in it, a redeploy, a delete) is served by node B's edge shortly after, without B being told. B has
/// looked each host up before the change, so what it keeps in memory between changes is what gets refreshed.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed partial class WranglerMultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// How long B may take to serve a change: nodes converge within about a second (NOTIFY, or the 1 s poll when a
    /// notification is lost); the margin is for a loaded CI machine, and the observed delays are printed.
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private PostgresServer _postgres = null!;
    private string _database = null!;
    private TestServer _nodeA = null!, _nodeB = null!;
    private DirectoryInfo _work = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync();
        _database = await _postgres.CreateDatabaseAsync("e2e");
        _nodeA = new TestServer { Postgres = _database };
        _nodeB = new TestServer { Postgres = _database };
        await Task.WhenAll(_nodeA.InitializeAsync(), _nodeB.InitializeAsync()); // migrations from two nodes at once
        _work = Directory.CreateTempSubdirectory("switchyard-multinode-");
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Wrangler_changes_through_one_node_are_served_by_another()
    {
        // B answers "nothing deployed" for every host first, and keeps that in memory.
        Assert.Equal(HttpStatusCode.NotFound, (await _nodeB.GetEdgeAsync(SiteHost, "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _nodeB.GetEdgeAsync(DispatcherHost, "/")).StatusCode);

        var created = await WranglerAsync("npx wrangler kv namespace create shared-kv");
        var kvId = KvId().Match(created).Groups[1].Value;
        Assert.True(kvId.Length == 32, $"no KV namespace id in:\n{created}");
        WriteProjects(kvId);

        // A worker with static assets: wrangler's upload session, buckets and completion token all go through A.
        await WranglerAsync("cd site && npx wrangler deploy");
        await ServedByBAsync("site deployed", SiteHost, "/", body => body.Contains("<h1>Shared site</h1>"));
        await ServedByBAsync("site's worker", SiteHost, "/api/state", body => State(body) == (null, null, "1"));
        Assert.Contains("body { color: teal; }", await TextAsync(_nodeB, SiteHost, "/style.css"));

        // KV is read from the database, so a write through A is read by B's worker at once.
        await WranglerAsync($"npx wrangler kv key put greeting 'hello from A' --namespace-id {kvId} --remote");
        await ServedByBAsync("KV write", SiteHost, "/api/state", body => State(body).Greeting == "hello from A");

        // A secret is a new version of the worker.
        await WranglerAsync("cd site && printf 's3cret' | npx wrangler secret put TOKEN");
        await ServedByBAsync("secret", SiteHost, "/api/state", body => State(body) == ("hello from A", "s3cret", "1"));

        // Workers for Platforms: a namespace, a user worker in it and a dispatcher in front, all through A.
        await WranglerAsync("""
            npx wrangler dispatch-namespace create tenants
            (cd tenant && npx wrangler deploy --dispatch-namespace tenants)
            (cd dispatcher && npx wrangler deploy)
            """);
        await ServedByBAsync("dispatch", DispatcherHost, "/", body => body == "tenant v1");

        // B now has the user worker in memory; a redeploy through A replaces it there too.
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "tenant", "index.js"), TenantCode("tenant v2"));
        await WranglerAsync("cd tenant && npx wrangler deploy --dispatch-namespace tenants");
        await ServedByBAsync("user worker redeployed", DispatcherHost, "/", body => body == "tenant v2");

        await WranglerAsync("npx wrangler delete site --force");
        await ServedByBAsync("site deleted", SiteHost, "/", _ => true, HttpStatusCode.NotFound);

        // A served all of it as well (it wrote every change, so it never waited for anything).
        Assert.Equal("tenant v2", await TextAsync(_nodeA, DispatcherHost, "/"));
    }

    [Fact]
    public async Task Wrangler_deploys_assets_through_a_load_balancer_that_alternates_nodes()
    {
        // Every API call wrangler makes goes to the other node than the one before: the asset upload session is opened on
        // one node, its buckets uploaded to the other, and the worker uploaded with the completion token on the first.
        await using var balancer = await RoundRobinProxy.StartAsync(_nodeA.Server.ApiUrl, _nodeB.Server.ApiUrl);
        var created = await WranglerAsync("npx wrangler kv namespace create lb-kv", balancer.Origin);
        WriteProjects(KvId().Match(created).Groups[1].Value);
        await WranglerAsync("cd site && npx wrangler deploy", balancer.Origin);

        var calls = balancer.Forwarded.ToArray();
        output.WriteLine(string.Join('\n', calls.Select(c => $"node {"AB"[c.Target]}: {c.Request}")));
        Assert.Contains(calls, c => c.Request.EndsWith("/assets-upload-session", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Request.EndsWith("/workers/assets/upload", StringComparison.Ordinal));
        Assert.Equal(new[] { 0, 1 }, calls.Select(c => c.Target).Distinct().Order());

        foreach (var node in new[] { _nodeA, _nodeB })
        {
            Assert.Contains("<h1>Shared site</h1>", await TextAsync(node, SiteHost, "/"));
            Assert.Contains("body { color: teal; }", await TextAsync(node, SiteHost, "/style.css"));
        }
    }

    private const string SiteHost = "site.dev.workers.localhost";
    private const string DispatcherHost = "dispatcher.dev.workers.localhost";

    private void WriteProjects(string kvId)
    {
        string Dir(string name) => Directory.CreateDirectory(Path.Combine(_work.FullName, name)).FullName;
        var site = Dir("site");
        Directory.CreateDirectory(Path.Combine(site, "public"));
        File.WriteAllText(Path.Combine(site, "wrangler.json"), $$$"""
            {"name":"site","main":"index.js","compatibility_date":"2025-06-01","workers_dev":true,
             "vars":{"VERSION":"1"},
             "kv_namespaces":[{"binding":"KV","id":"{{{kvId}}}"}],
             "assets":{"directory":"./public","binding":"ASSETS","run_worker_first":["/api/*"]}}
            """);
        File.WriteAllText(Path.Combine(site, "index.js"), """
            export default {
              async fetch(request, env) {
                if (new URL(request.url).pathname === "/api/state")
                  return Response.json({ greeting: await env.KV.get("greeting"), secret: env.TOKEN ?? null, version: env.VERSION });
                return env.ASSETS.fetch(request);
              },
            };
            """);
        File.WriteAllText(Path.Combine(site, "public", "index.html"), "<!doctype html><h1>Shared site</h1>");
        File.WriteAllText(Path.Combine(site, "public", "style.css"), "body { color: teal; }");

        var tenant = Dir("tenant");
        File.WriteAllText(Path.Combine(tenant, "wrangler.json"), """{"name":"tenant","main":"index.js","compatibility_date":"2025-06-01"}""");
        File.WriteAllText(Path.Combine(tenant, "index.js"), TenantCode("tenant v1"));

        var dispatcher = Dir("dispatcher");
        File.WriteAllText(Path.Combine(dispatcher, "wrangler.json"), """
            {"name":"dispatcher","main":"index.js","compatibility_date":"2025-06-01","workers_dev":true,
             "dispatch_namespaces":[{"binding":"TENANTS","namespace":"tenants"}]}
            """);
        File.WriteAllText(Path.Combine(dispatcher, "index.js"),
            """export default { fetch(request, env) { return env.TENANTS.get("tenant").fetch(request); } };""");
    }

    private static string TenantCode(string text) => $$"""export default { fetch() { return new Response("{{text}}"); } };""";

    private static (string? Greeting, string? Secret, string? Version) State(string body)
    {
        try
        {
            var json = JsonNode.Parse(body)!;
            return ((string?)json["greeting"], (string?)json["secret"], (string?)json["version"]);
        }
        catch (System.Text.Json.JsonException) { return ("(not JSON)", body, null); }
    }

    /// <summary>Runs wrangler against node A's API (or <paramref name="api"/>); fails the test with the transcript when it fails.</summary>
    private async Task<string> WranglerAsync(string commands, Uri? api = null)
    {
        var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude + "\n" + commands, _work.FullName, _nodeA, api);
        output.WriteLine($"$ {commands}\n{transcript}");
        Assert.True(exit == 0, $"wrangler failed (exit {exit}):\n{transcript}");
        return transcript;
    }

    /// <summary>Polls B's edge until the answer for <paramref name="host"/> satisfies <paramref name="accept"/>, within <see cref="Deadline"/>.</summary>
    private async Task ServedByBAsync(string change, string host, string path, Func<string, bool> accept,
        HttpStatusCode status = HttpStatusCode.OK)
    {
        var watch = Stopwatch.StartNew();
        string last;
        while (true)
        {
            using var response = await _nodeB.GetEdgeAsync(host, path);
            last = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == status && accept(last[(last.IndexOf(": ", StringComparison.Ordinal) + 2)..])) break;
            Assert.True(watch.Elapsed < Deadline, $"node B did not serve the {change} within {Deadline.TotalSeconds} s; it answers {last}");
            await Task.Delay(20);
        }
        output.WriteLine($"node B served the {change} {watch.ElapsedMilliseconds} ms after wrangler returned");
    }

    private static async Task<string> TextAsync(TestServer server, string host, string path)
    {
        using var response = await server.GetEdgeAsync(host, path);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("\"id\": *\"([0-9a-f]{32})\"")]
    private static partial Regex KvId();
}
