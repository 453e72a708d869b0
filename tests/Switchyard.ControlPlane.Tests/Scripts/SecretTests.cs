using System.Net;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Secrets: each change deploys a new version; values are stored for the edge and never returned.</summary>
public sealed class SecretTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<(string Path, string Name)> ScriptAsync()
    {
        var name = TestNames.Unique("secrets");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "GREETING", type = "plain_text", text = "hi" } },
        }))).AssertOk();
        return (path, name);
    }

    private async Task<Dictionary<string, string>> SecretValuesAsync(string name)
    {
        return (await server.LiveAsync(name)).Version.Content.Bindings.OfType<SecretTextBinding>().ToDictionary(s => s.Name, s => s.Text);
    }

    [Fact]
    public async Task Put_list_get_and_delete()
    {
        var (path, name) = await ScriptAsync();
        var put = (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "API_KEY", text = "k1", type = "secret_text" })).AssertOk()!;
        Assert.Equal(("API_KEY", "secret_text"), ((string?)put["name"], (string?)put["type"]));
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "API_KEY", text = "k2", type = "secret_text" })).AssertOk();

        var list = (await server.Api.GetApiAsync($"{path}/secrets")).AssertOk()!.AsArray();
        Assert.Equal("API_KEY", (string?)Assert.Single(list)!["name"]);
        Assert.DoesNotContain("k2", (await server.Api.GetApiAsync($"{path}/secrets/API_KEY")).AssertOk()!.ToJsonString());
        Assert.Equal("k2", (await SecretValuesAsync(name))["API_KEY"]);

        var deployments = (await server.Api.GetApiAsync($"{path}/deployments")).AssertOk()!["deployments"]!.AsArray();
        Assert.Equal(3, deployments.Count);
        Assert.Equal("secret", (string?)deployments[0]!["annotations"]!["workers/triggered_by"]);

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{path}/secrets/API_KEY")).AssertOk();
        Assert.Empty((await server.Api.GetApiAsync($"{path}/secrets")).AssertOk()!.AsArray());
        (await server.Api.GetApiAsync($"{path}/secrets/API_KEY")).AssertError(HttpStatusCode.NotFound, 10056);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{path}/secrets/API_KEY")).AssertError(HttpStatusCode.NotFound, 10056);
    }

    [Fact]
    public async Task Bulk_patch_sets_and_deletes_in_one_version()
    {
        var (path, name) = await ScriptAsync();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "OLD", text = "o", type = "secret_text" })).AssertOk();
        var versions = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count;

        var body = ApiClientExtensions.JsonContent("""{"secrets":{"OLD":null,"A":{"name":"A","type":"secret_text","text":"1"},"B":{"type":"secret_text","text":"2"}}}""");
        var result = (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/secrets-bulk", body)).AssertOk()!.AsArray();
        Assert.Equal(["A", "B"], result.Select(s => (string?)s!["name"]));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, await SecretValuesAsync(name));
        Assert.Equal(versions + 1, (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Invalid_secrets_are_refused_and_change_nothing()
    {
        var (path, _) = await ScriptAsync();
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "GREETING", text = "x", type = "secret_text" }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "K", type = "secret_key", format = "raw" }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "K", type = "secret_text" }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "K", type = "secret_text", text = new string('x', 5 * 1024 + 1) }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/secrets", ApiClientExtensions.JsonContent("{\"name\""))).AssertError(HttpStatusCode.BadRequest, 10026);
        (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/secrets-bulk", ApiClientExtensions.JsonContent("""{"secrets":{"A":{"name":"B","text":"x"}}}""")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/secrets-bulk", ApiClientExtensions.JsonContent("""{"secrets":[]}""")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));

        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/nobody/secrets", new { name = "K", text = "x", type = "secret_text" }))
            .AssertError(HttpStatusCode.NotFound, 10007);
    }
}
