using System.Net;
using Switchyard.ControlPlane.Tests.Scripts;
using Switchyard.Storage.Accounts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Namespaces;

/// <summary>Dispatch namespaces as `wrangler dispatch-namespace …` and the SDK use them (contract §6).</summary>
public sealed class NamespaceTests(TestServer server) : IClassFixture<TestServer>
{
    private string Namespaces => $"{server.AccountPath}/workers/dispatch/namespaces";

    private async Task<string> CreateAsync(string? name = null)
    {
        name ??= TestNames.Unique("ns");
        (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { name })).AssertOk();
        return name;
    }

    [Fact]
    public async Task Create_get_list_rename_delete()
    {
        var name = TestNames.Unique("ns");
        var created = (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { name })).AssertOk()!;
        Assert.Equal(name, (string?)created["namespace_name"]);
        var id = (string)created["namespace_id"]!;
        Assert.True(Guid.TryParse(id, out _), id);
        Assert.Equal(0, (int)created["script_count"]!);
        Assert.False((bool)created["trusted_workers"]!);
        foreach (var field in new[] { "created_on", "created_by", "modified_on", "modified_by" })
            Assert.False(string.IsNullOrEmpty((string?)created[field]), field);

        var got = (await server.Api.GetApiAsync($"{Namespaces}/{name}")).AssertOk()!;
        Assert.Equal(id, (string?)got["namespace_id"]);
        Assert.Contains((await server.Api.GetApiAsync(Namespaces)).AssertOk()!.AsArray(), n => (string?)n!["namespace_name"] == name);

        var renamed = TestNames.Unique("renamed");
        var afterRename = (await server.Api.SendJsonAsync(HttpMethod.Put, $"{Namespaces}/{name}", new { name = renamed, trusted_workers = true })).AssertOk()!;
        Assert.Equal(renamed, (string?)afterRename["namespace_name"]);
        Assert.Equal(id, (string?)afterRename["namespace_id"]);
        Assert.True((bool)afterRename["trusted_workers"]!);
        (await server.Api.GetApiAsync($"{Namespaces}/{name}")).AssertError(HttpStatusCode.NotFound, 100119);

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Namespaces}/{renamed}")).AssertOk();
        (await server.Api.GetApiAsync($"{Namespaces}/{renamed}")).AssertError(HttpStatusCode.NotFound, 100119);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Namespaces}/{renamed}")).AssertError(HttpStatusCode.NotFound, 100119);
    }

    [Fact]
    public async Task Duplicate_name_is_a_conflict_and_changes_nothing()
    {
        var name = await CreateAsync();
        var before = StorageSnapshot.Take(server);
        var message = (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { name })).AssertError(HttpStatusCode.Conflict, 100120);
        Assert.Contains("already exists", message);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_a_conflict()
    {
        var a = await CreateAsync();
        var b = await CreateAsync();
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{Namespaces}/{a}", new { name = b })).AssertError(HttpStatusCode.Conflict, 100120);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Invalid_names_are_refused(string name)
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { name })).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Theory]
    [InlineData("..%2F..%2Faccounts")]
    [InlineData("a%2Fb")]
    [InlineData("..%5C..%5Cx")]
    public async Task Path_traversal_in_the_url_is_refused(string encoded)
    {
        (await server.Api.GetApiAsync($"{Namespaces}/{encoded}")).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.GetApiAsync($"{Namespaces}/{encoded}/scripts/x")).AssertError(HttpStatusCode.BadRequest, 10021);
    }

    [Fact]
    public async Task Malformed_and_incomplete_bodies_are_refused()
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Post, Namespaces, ApiClientExtensions.JsonContent("{\"name\":"))).AssertError(HttpStatusCode.BadRequest, 10026);
        (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { title = "x" })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Post, Namespaces, new { name = 42 })).AssertError(HttpStatusCode.BadRequest, 10021);
        var name = await CreateAsync();
        before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{Namespaces}/{name}", new { trusted_workers = "yes" })).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Script_count_follows_uploads_and_deletes_and_deleting_the_namespace_deletes_its_scripts()
    {
        var name = await CreateAsync();
        foreach (var script in new[] { "one", "two" })
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{Namespaces}/{name}/scripts/{script}", ScriptUploads.Module())).AssertOk();
        Assert.Equal(2, (int)(await server.Api.GetApiAsync($"{Namespaces}/{name}")).AssertOk()!["script_count"]!);

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Namespaces}/{name}/scripts/one")).AssertOk();
        Assert.Equal(1, (int)(await server.Api.GetApiAsync($"{Namespaces}/{name}")).AssertOk()!["script_count"]!);

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Namespaces}/{name}")).AssertOk();
        await CreateAsync(name);
        (await server.Api.GetApiAsync($"{Namespaces}/{name}/scripts/two")).AssertError(HttpStatusCode.NotFound, 10092);
    }

    [Fact]
    public async Task List_honours_page_and_per_page_when_given()
    {
        await CreateAsync();
        await CreateAsync();
        var all = (await server.Api.GetApiAsync(Namespaces)).AssertOk()!.AsArray();
        var response = await server.Api.GetApiAsync($"{Namespaces}?page=2&per_page=1");
        var page = response.AssertOk()!.AsArray();
        Assert.Equal((string?)all[1]!["namespace_name"], (string?)Assert.Single(page)!["namespace_name"]);
        Assert.Equal(all.Count, (int?)response.Body["result_info"]!["total_count"]);
        Assert.Empty((await server.Api.GetApiAsync($"{Namespaces}?page={all.Count + 1}&per_page=1")).AssertOk()!.AsArray());
    }

    [Fact]
    public async Task Another_accounts_namespaces_are_invisible()
    {
        var mine = await CreateAsync();
        var other = await server.Server.Storage.Accounts.CreateAsync(TokenSecrets.NewId(), "Other", TestNames.Unique("other"));
        const string secret = "other-account-token-aaaaaaaaaaaaaaaaaaaaaa";
        await server.Server.Storage.Accounts.AddTokenAsync(other.Id, "other", secret);
        using var client = server.CreateApiClient(secret);

        (await client.GetApiAsync($"{server.AccountPath}/workers/dispatch/namespaces/{mine}")).AssertError(HttpStatusCode.Forbidden, 10000);
        var otherNamespaces = $"accounts/{other.Id}/workers/dispatch/namespaces";
        (await client.GetApiAsync($"{otherNamespaces}/{mine}")).AssertError(HttpStatusCode.NotFound, 100119);
        Assert.Empty((await client.GetApiAsync(otherNamespaces)).AssertOk()!.AsArray());
        (await client.SendApiAsync(HttpMethod.Put, $"{otherNamespaces}/{mine}/scripts/x", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.NotFound, 100119);

        // the same name is free in the other account
        (await client.SendJsonAsync(HttpMethod.Post, otherNamespaces, new { name = mine })).AssertOk();
    }
}
