using System.Net;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// <c>wrangler versions deploy A@50% B@50%</c>, the real wrangler against a real server: the split is deployed, listed by
/// <c>wrangler deployments list</c>, and served (an override header pins each version).
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed class WranglerGradualDeployTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Wrangler_splits_traffic_across_two_versions()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        string path = $"{server.AccountPath}/workers/scripts/split";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(code: "export default { fetch() { return new Response('one'); } };"))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/subdomain", new { enabled = true })).AssertOk();
        string one = (string)(await server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]![0]!["versions"]![0]!["version_id"]!;
        string two = (string)(await server.Api.SendApiAsync(HttpMethod.Post, $"{path}/versions",
            ScriptUploads.Module(code: "export default { fetch() { return new Response('two'); } };"))).AssertOk()!["id"]!;

        var work = Directory.CreateTempSubdirectory("switchyard-gradual-");
        try
        {
            var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude
                + $"\nnpx wrangler versions deploy {one}@50% {two}@50% --name split --yes\nnpx wrangler deployments list --name split",
                work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"wrangler versions deploy failed (exit {exit}):\n{transcript}");
            Assert.Contains("Author:      API token '", transcript);
            Assert.DoesNotContain("undefined", transcript);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var versions = (await server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]![0]!["versions"]!.AsArray();
        Assert.Equal([(one, 50), (two, 50)], versions.Select(v => ((string)v!["version_id"]!, (int)v["percentage"]!)).OrderBy(v => v.Item1 == two));
        foreach (var (id, label) in new[] { (one, "one"), (two, "two") })
        {
            using var response = await server.GetEdgeAsync("split.dev.workers.localhost", "/",
                h => h.Add("Cloudflare-Workers-Version-Overrides", $"split=\"{id}\""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(label, await response.Content.ReadAsStringAsync());
        }
    }
}
