using System.Net;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Versions;

/// <summary>
/// Gradual deployments, as wrangler's <c>versions deploy A@50% B@50%</c> makes them: traffic split by percentage, a
/// <c>Cloudflare-Workers-Version-Overrides</c> header pinning a version, a <c>Cloudflare-Workers-Version-Key</c>
/// keeping a client on one version; for account scripts at the edge and for namespace scripts through dispatch.
/// </summary>
public sealed class GradualDeploymentTests(DispatchFixture fixture) : IClassFixture<DispatchFixture>
{
    private TestServer Server => fixture.Server;

    private static string Code(string label) => $$"""export default { fetch() { return new Response("{{label}}"); } };""";

    /// <summary>Uploads a version without deploying it (POST …/versions) and returns its id.</summary>
    private async Task<string> UploadVersionAsync(string scriptPath, string label)
    {
        var result = (await Server.Api.SendApiAsync(HttpMethod.Post, $"{scriptPath}/versions",
            ScriptUploads.Wrangler(new { main_module = "index.js", compatibility_date = "2025-06-01" }, TestModule.Esm("index.js", Code(label))))).AssertOk()!;
        return (string)result["id"]!;
    }

    private async Task<ApiResponse> DeployAsync(string scriptPath, params (string Id, int Percentage)[] versions) =>
        await Server.Api.SendJsonAsync(HttpMethod.Post, $"{scriptPath}/deployments",
            new { strategy = "percentage", versions = versions.Select(v => new { version_id = v.Id, percentage = v.Percentage }) });

    [Fact]
    public async Task An_account_script_splits_traffic_and_honours_overrides_and_keys()
    {
        const string script = "gradual";
        string path = $"{Server.AccountPath}/workers/scripts/{script}";
        await DispatchSites.DeployAccountWorkerAsync(Server, script, Code("one"));
        string one = (string)(await Server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]![0]!["versions"]![0]!["version_id"]!;
        string two = await UploadVersionAsync(path, "two");

        var deployment = (await DeployAsync(path, (one, 50), (two, 50))).AssertOk()!;
        Assert.Equal($$"""[{"version_id":"{{one}}","percentage":50},{"version_id":"{{two}}","percentage":50}]""", deployment["versions"]!.ToJsonString());
        var listed = (await Server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]![0]!;
        Assert.Equal(deployment["id"]!.ToString(), listed["id"]!.ToString());
        Assert.StartsWith("API token '", (string)listed["author_email"]!);

        async Task<string> GetAsync(Action<System.Net.Http.Headers.HttpRequestHeaders>? headers = null)
        {
            using var response = await EdgeSites.GetAsync(Server, EdgeSites.Host(script), "/", headers);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var seen = new HashSet<string>();
        for (int i = 0; i < 60 && seen.Count < 2; i++) seen.Add(await GetAsync());
        Assert.Equal(["one", "two"], seen.Order());

        foreach (var (id, label) in new[] { (one, "one"), (two, "two") })
            for (int i = 0; i < 5; i++)
                Assert.Equal(label, await GetAsync(h => h.Add("Cloudflare-Workers-Version-Overrides", $"other=\"x\", {script}=\"{id}\"")));

        var byKey = new Dictionary<string, string>();
        for (int k = 0; k < 40; k++)
        {
            string key = "client-" + k;
            string first = await GetAsync(h => h.Add("Cloudflare-Workers-Version-Key", key));
            Assert.Equal(first, await GetAsync(h => h.Add("Cloudflare-Workers-Version-Key", key)));
            byKey[key] = first;
        }
        Assert.Equal(["one", "two"], byKey.Values.Distinct().Order());

        (await DeployAsync(path, (two, 100))).AssertOk();
        for (int i = 0; i < 10; i++) Assert.Equal("two", await GetAsync(h => h.Add("Cloudflare-Workers-Version-Overrides", $"{script}=\"{one}\"")));
    }

    [Fact]
    public async Task A_namespace_script_splits_traffic_through_dispatch()
    {
        string script = DispatchSites.Unique("gradual-ns");
        string path = $"{Server.AccountPath}/workers/dispatch/namespaces/{fixture.Namespace}/scripts/{script}";
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, script, Code("one"));
        string one = (string)(await Server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]![0]!["versions"]![0]!["version_id"]!;
        string two = await UploadVersionAsync(path, "two");
        (await DeployAsync(path, (one, 30), (two, 70))).AssertOk();

        async Task<string> DispatchAsync(string? pin = null)
        {
            using var response = await EdgeSites.GetAsync(Server, EdgeSites.Host(DispatchFixture.Dispatcher), $"/?script={script}",
                h => { if (pin is not null) h.Add("Cloudflare-Workers-Version-Overrides", $"{script}=\"{pin}\""); });
            return await response.Content.ReadAsStringAsync();
        }
        var seen = new HashSet<string>();
        for (int i = 0; i < 80 && seen.Count < 2; i++) seen.Add(await DispatchAsync());
        Assert.Equal(["one", "two"], seen.Order());
        Assert.Equal("one", await DispatchAsync(one));
        Assert.Equal("two", await DispatchAsync(two));
    }

    [Theory]
    [InlineData("""[{"version_id":"A","percentage":50},{"version_id":"B","percentage":40}]""", "The versions' percentages must sum to 100; got 90")]
    [InlineData("""[{"version_id":"A","percentage":50},{"version_id":"A","percentage":50}]""", "versions names version A twice")]
    [InlineData("""[{"version_id":"A","percentage":40},{"version_id":"B","percentage":30},{"version_id":"C","percentage":30}]""", "A deployment splits traffic across at most 2 versions; got 3")]
    [InlineData("""[{"version_id":"A"},{"version_id":"B","percentage":100}]""", "versions[0].percentage is required")]
    public async Task Bad_splits_are_refused_and_change_nothing(string versions, string message)
    {
        const string script = "gradual-bad";
        string path = $"{Server.AccountPath}/workers/scripts/{script}";
        await DispatchSites.DeployAccountWorkerAsync(Server, script, Code("stays"));
        var before = (await Server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!.ToJsonString();
        string live = (string)System.Text.Json.Nodes.JsonNode.Parse(before)!["deployments"]![0]!["versions"]![0]!["version_id"]!;
        string body = "{\"strategy\":\"percentage\",\"versions\":" + versions.Replace("\"A\"", $"\"{live}\"") + "}";
        var refused = await Server.Api.SendApiAsync(HttpMethod.Post, $"{path}/deployments", new StringContent(body));
        Assert.Equal(message.Replace("version A", $"version {live}"), refused.AssertError(HttpStatusCode.BadRequest, 10021));
        Assert.Equal(before, (await Server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!.ToJsonString());
    }
}
