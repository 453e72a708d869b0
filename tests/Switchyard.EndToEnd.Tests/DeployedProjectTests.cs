using System.Net;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// The conformance project (shared/conformance/wrangler/project) as wrangler deployed it in <see cref="WranglerFlows"/>,
/// requested through the edge at <see cref="Host"/>: worker, KV binding, vars, assets, _redirects, _headers and the
/// single-page-application fallback. Each subclass is one way the project was deployed; the assertions are the same.
/// </summary>
public abstract class DeployedProjectTests(WranglerFlows flows)
{
    /// <summary>The Host header that reaches the deployed project.</summary>
    protected abstract string Host { get; }

    protected WranglerFlows Flows => flows;

    /// <summary>Anything the route to the project needs before the first request.</summary>
    protected virtual Task ReadyAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        await ReadyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = Host;
        configure?.Invoke(request);
        return await flows.Server.Edge.SendAsync(request);
    }

    [Fact]
    public async Task Api_route_runs_the_worker_with_its_vars_and_kv_value()
    {
        var namespaces = (await flows.Server.Api.GetApiAsync($"{flows.Server.AccountPath}/storage/kv/namespaces?per_page=100")).AssertOk()!.AsArray();
        var kvId = (string)namespaces.Single(n => (string?)n!["title"] == WranglerFlows.KvTitle)!["id"]!;
        using var put = await flows.Server.Api.PutAsync($"{flows.Server.AccountPath}/storage/kv/namespaces/{kvId}/values/count", new StringContent("41"));
        put.EnsureSuccessStatusCode();

        using var response = await GetAsync("/api/hello");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        var json = JsonNode.Parse(body)!;
        Assert.Equal("hello", (string?)json["greeting"]);
        Assert.Equal("41", (string?)json["count"]);
        Assert.Equal("test", (string?)json["env"]);
    }

    [Fact]
    public async Task Root_and_docs_are_served_from_assets_with_caching_headers()
    {
        using var root = await GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Contains("<h1>Proto</h1>", await root.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", root.Content.Headers.ContentType!.ToString());
        Assert.NotNull(root.Headers.ETag);
        Assert.Equal("public, max-age=0, must-revalidate", root.Headers.NonValidated["Cache-Control"].ToString());

        using var docs = await GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("Nested docs page", await docs.Content.ReadAsStringAsync());

        using var notModified = await GetAsync("/", r => r.Headers.TryAddWithoutValidation("If-None-Match", root.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Redirects_rule_sends_old_to_docs()
    {
        using var response = await GetAsync("/old");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/docs/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Headers_rule_applies_to_css()
    {
        using var response = await GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=3600", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.StartsWith("text/css", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Unknown_navigation_path_gets_the_spa_index()
    {
        using var response = await GetAsync("/some/client/route", r => r.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Proto</h1>", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The project as an account-level worker (<c>wrangler deploy</c>), at its workers.dev-style host.</summary>
[Collection(WranglerCollection.Name)]
public sealed class AccountDeployedProjectTests(WranglerFlows flows) : DeployedProjectTests(flows)
{
    protected override string Host => WranglerFlows.WorkerName + ".dev.workers.localhost";
}

/// <summary>
/// The project as a user worker (<c>wrangler deploy --dispatch-namespace</c>), reached through a dispatcher that sends
/// every request to it: the user worker's assets, rules and bindings answer exactly as they do for the account worker.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed class DispatchedProjectTests(WranglerFlows flows) : DeployedProjectTests(flows)
{
    protected override Task ReadyAsync() => Flows.EnsureDispatcherAsync();
    protected override string Host => WranglerFlows.DispatcherName + ".dev.workers.localhost";
}
