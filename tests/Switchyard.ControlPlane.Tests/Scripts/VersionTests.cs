using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>The Versions API of wrangler's redeploy (contract §3 c2).</summary>
public sealed class VersionTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<(string Path, string Name, string FirstVersion)> ScriptAsync()
    {
        var name = TestNames.Unique("versions");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        var first = (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk()!;
        return (path, name, (string)first["deployment_id"]!);
    }

    [Fact]
    public async Task Upload_a_version_then_deploy_it()
    {
        var (path, name, first) = await ScriptAsync();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "TOKEN", text = "t", type = "secret_text" })).AssertOk();

        var upload = ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "GREETING", type = "plain_text", text = "v2" } },
            ["keep_bindings"] = new[] { "secret_text" },
            ["annotations"] = new Dictionary<string, string> { ["workers/message"] = "second", ["workers/tag"] = "v2" },
        }, code: "export default { async fetch() { return new Response('v2'); } };");
        var version = (await server.Api.SendApiAsync(HttpMethod.Post, $"{path}/versions?bindings_inherit=strict", upload)).AssertOk()!;
        var id = (string)version["id"]!;
        Assert.False(string.IsNullOrEmpty((string?)version["resources"]!["script"]!["etag"]));
        Assert.Equal(["fetch"], version["resources"]!["script"]!["handlers"]!.AsArray().Select(h => (string?)h));
        Assert.Equal(0, (int)version["startup_time_ms"]!);
        Assert.Equal(3, (int)version["number"]!);
        Assert.Equal("second", (string?)version["annotations"]!["workers/message"]);
        Assert.Contains(version["resources"]!["bindings"]!.AsArray(), b => (string?)b!["name"] == "TOKEN" && b.AsObject()["text"] is null);

        // not live until deployed
        Assert.NotEqual(id, server.Server.Storage.Workers.FindAccountScript(TestServer.AccountId, name)!.VersionId);

        var deployment = (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new
        {
            strategy = "percentage",
            versions = new[] { new { version_id = id, percentage = 100 } },
            annotations = new Dictionary<string, string> { ["workers/message"] = "ship it" },
            code_update_strategy = new { mode = "deferred", max_delay = 300 },
        })).AssertOk()!;
        Assert.Equal(id, (string?)deployment["versions"]![0]!["version_id"]);
        Assert.Equal(id, server.Server.Storage.Workers.FindAccountScript(TestServer.AccountId, name)!.VersionId);

        var deployments = (await server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]!.AsArray();
        Assert.Equal((string?)deployment["id"], (string?)deployments[0]!["id"]);
        Assert.Equal("ship it", (string?)deployments[0]!["annotations"]!["workers/message"]);
        Assert.Equal(100, (int)deployments[0]!["versions"]![0]!["percentage"]!);

        var versions = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray();
        Assert.Equal([3, 2, 1], versions.Select(v => (int)v!["number"]!));
        Assert.Equal(first, (string?)(await server.Api.GetApiAsync($"{path}/versions/{first}")).AssertOk()!["id"]);

        // roll back to the first version
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new
        {
            strategy = "percentage", versions = new[] { new { version_id = first, percentage = 100 } },
        })).AssertOk();
        Assert.Equal(first, server.Server.Storage.Workers.FindAccountScript(TestServer.AccountId, name)!.VersionId);
    }

    [Fact]
    public async Task Splits_unknown_versions_and_bad_bodies_are_refused()
    {
        var (path, _, first) = await ScriptAsync();
        var second = (string)(await server.Api.SendApiAsync(HttpMethod.Post, $"{path}/versions", ScriptUploads.Module())).AssertOk()!["id"]!;
        var before = StorageSnapshot.Take(server);

        // A split naming a version the script does not have changes nothing (splits themselves: GradualDeploymentTests).
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new
        {
            strategy = "percentage",
            versions = new[] { new { version_id = first, percentage = 50 }, new { version_id = Guid.NewGuid().ToString(), percentage = 50 } },
        })).AssertError(HttpStatusCode.NotFound, 10221);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new
        {
            strategy = "percentage",
            versions = new[] { new { version_id = first, percentage = 60 }, new { version_id = second, percentage = 50 } },
        })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new { versions = new[] { new { version_id = first, percentage = 10 } } }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new { strategy = "blue-green", versions = new[] { new { version_id = first } } }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new { versions = new[] { new { version_id = Guid.NewGuid().ToString() } } }))
            .AssertError(HttpStatusCode.NotFound, 10221);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new { versions = Array.Empty<object>() }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Post, $"{path}/deployments", ApiClientExtensions.JsonContent("{"))).AssertError(HttpStatusCode.BadRequest, 10026);
        (await server.Api.GetApiAsync($"{path}/versions/{Guid.NewGuid()}")).AssertError(HttpStatusCode.NotFound, 10221);
        Assert.Equal(before, StorageSnapshot.Take(server));

        // another script's version cannot be deployed here
        var (otherPath, _, otherFirst) = await ScriptAsync();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/deployments", new { versions = new[] { new { version_id = otherFirst, percentage = 100 } } }))
            .AssertError(HttpStatusCode.NotFound, 10221);
        _ = otherPath;
    }

    [Fact]
    public async Task A_version_upload_needs_an_existing_worker()
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{TestNames.Unique("none")}/versions", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.NotFound, 10007);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }
}
