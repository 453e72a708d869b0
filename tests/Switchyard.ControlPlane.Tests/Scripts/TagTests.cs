using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

public sealed class TagTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<string> ScriptAsync(params string[] tags)
    {
        var ns = await server.CreateNamespaceAsync("tags");
        var path = $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/tagged";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["tags"] = tags }))).AssertOk();
        return path;
    }

    private async Task<List<string?>> TagsAsync(string path) =>
        (await server.Api.GetApiAsync($"{path}/tags")).AssertOk()!.AsArray().Select(t => (string?)t).ToList();

    [Fact]
    public async Task Put_replaces_the_set_and_single_tags_are_added_and_removed()
    {
        var path = await ScriptAsync("a", "b");
        Assert.Equal(["a", "b"], await TagsAsync(path));

        var replaced = (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/tags", new[] { "x", "y", "x" })).AssertOk()!.AsArray();
        Assert.Equal(["x", "y"], replaced.Select(t => (string?)t));
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/tags/z")).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/tags/z")).AssertOk();
        Assert.Equal(["x", "y", "z"], await TagsAsync(path));
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{path}/tags/x")).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{path}/tags/not-there")).AssertOk();
        Assert.Equal(["y", "z"], await TagsAsync(path));
    }

    [Fact]
    public async Task Invalid_tag_sets_are_refused_and_change_nothing()
    {
        var path = await ScriptAsync("1", "2", "3", "4", "5", "6", "7", "8");
        var before = StorageSnapshot.Take(server);
        Assert.Contains("at most 8", (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/tags/ninth")).AssertError(HttpStatusCode.BadRequest, 10021));
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/tags", Enumerable.Range(0, 9).Select(i => $"t{i}").ToArray()))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/tags", new[] { "a,b" })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/tags", new { tags = new[] { "a" } })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/tags", ApiClientExtensions.JsonContent("[\"a\""))).AssertError(HttpStatusCode.BadRequest, 10026);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Tags_of_a_missing_script_are_404()
    {
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/missing-tags/tags")).AssertError(HttpStatusCode.NotFound, 10007);
    }
}
