using System.Net;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

public sealed class KvNamespaceTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Create_get_rename_and_delete_a_namespace()
    {
        var title = "create-" + Guid.NewGuid().ToString("N");
        var created = (await server.Api.SendJsonAsync(HttpMethod.Post, server.Namespaces(), new { title })).AssertOk()!;
        var id = (string)created["id"]!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(title, (string?)created["title"]);
        Assert.True((bool)created["supports_url_encoding"]!);

        Assert.Equal(title, (string?)(await server.Api.GetApiAsync(server.Namespace(id))).AssertOk()!["title"]);

        var renamed = (await server.Api.SendJsonAsync(HttpMethod.Put, server.Namespace(id), new { title = title + "-renamed" })).AssertOk()!;
        Assert.Equal(title + "-renamed", (string?)renamed["title"]);
        Assert.Equal(id, (string?)renamed["id"]);

        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Namespace(id))).AssertOk();
        (await server.Api.GetApiAsync(server.Namespace(id))).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Namespace(id))).AssertError(HttpStatusCode.NotFound, 10013);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_entries()
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "k", Bytes("v"));
        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Namespace(id))).AssertOk();
        Assert.Null(await server.Server.Storage.Kv.GetAsync(id, "k"));
    }

    [Fact]
    public async Task Duplicate_title_is_refused_with_10014_and_creates_nothing()
    {
        var title = "dup-" + Guid.NewGuid().ToString("N");
        await server.CreateNamespaceAsync(title);
        var before = (await server.Server.Storage.Kv.ListNamespacesAsync(TestServer.AccountId)).Count;

        var message = (await server.Api.SendJsonAsync(HttpMethod.Post, server.Namespaces(), new { title }))
            .AssertError(HttpStatusCode.BadRequest, 10014);
        Assert.Equal("a namespace with this account ID and title already exists", message);
        Assert.Equal(before, (await server.Server.Storage.Kv.ListNamespacesAsync(TestServer.AccountId)).Count);
    }

    [Fact]
    public async Task Rename_to_a_taken_title_is_refused_and_keeps_the_old_title()
    {
        var taken = "taken-" + Guid.NewGuid().ToString("N");
        await server.CreateNamespaceAsync(taken);
        var id = await server.CreateNamespaceAsync("mine-" + Guid.NewGuid().ToString("N"));
        var before = (await server.Server.Storage.Kv.GetNamespaceAsync(TestServer.AccountId, id))!;

        (await server.Api.SendJsonAsync(HttpMethod.Put, server.Namespace(id), new { title = taken })).AssertError(HttpStatusCode.BadRequest, 10014);
        Assert.Equal(before, await server.Server.Storage.Kv.GetNamespaceAsync(TestServer.AccountId, id));

        // Renaming to its own title is no conflict.
        (await server.Api.SendJsonAsync(HttpMethod.Put, server.Namespace(id), new { title = before.Title })).AssertOk();
    }

    [Theory]
    [InlineData("{}", 10019)]
    [InlineData("{\"title\":\"\"}", 10019)]
    [InlineData("{\"title\":\"   \"}", 10019)]
    [InlineData("{\"title\":42}", 10029)]
    [InlineData("[\"title\"]", 10029)]
    [InlineData("{\"title\":", 10029)]
    [InlineData("", 10029)]
    public async Task Bad_create_bodies_are_refused_and_create_nothing(string body, int code)
    {
        var before = (await server.Server.Storage.Kv.ListNamespacesAsync(TestServer.AccountId)).Count;
        var response = await server.Api.SendApiAsync(HttpMethod.Post, server.Namespaces(), new StringContent(body));
        response.AssertError(HttpStatusCode.BadRequest, code);
        Assert.Equal(before, (await server.Server.Storage.Kv.ListNamespacesAsync(TestServer.AccountId)).Count);
    }

    [Fact]
    public async Task Title_longer_than_512_characters_is_refused()
    {
        var response = await server.Api.SendJsonAsync(HttpMethod.Post, server.Namespaces(), new { title = new string('t', 513) });
        response.AssertError(HttpStatusCode.BadRequest, 10029);
    }

    [Fact]
    public async Task List_walks_pages_and_pages_past_the_end_are_empty()
    {
        var isolated = new TestServer(); // a server of its own, so no other test's namespaces are listed
        await isolated.InitializeAsync();
        try { await WalkPages(isolated); }
        finally { await isolated.DisposeAsync(); }
    }

    private static async Task WalkPages(TestServer isolated)
    {
        var titles = new[] { "delta", "alpha", "echo", "charlie", "bravo" };
        foreach (var t in titles) await isolated.CreateNamespaceAsync(t);

        var seen = new List<string>();
        for (var page = 1; ; page++)
        {
            var response = await isolated.Api.GetApiAsync($"{isolated.Namespaces()}?per_page=2&order=title&direction=asc&page={page}");
            var items = response.AssertOk()!.AsArray();
            Assert.Equal(5, (int?)response.Body["result_info"]!["total_count"]);
            if (items.Count == 0) break;
            Assert.True(page <= 3, "more pages than namespaces");
            seen.AddRange(items.Select(n => (string)n!["title"]!));
        }
        Assert.Equal(titles.Order(StringComparer.Ordinal), seen);

        // wrangler's own request: per_page=1000 walks to page 2, which must be empty.
        Assert.Equal(5, (await isolated.Api.GetApiAsync($"{isolated.Namespaces()}?per_page=1000&order=title&direction=asc")).AssertOk()!.AsArray().Count);
        Assert.Empty((await isolated.Api.GetApiAsync($"{isolated.Namespaces()}?per_page=1000&order=title&direction=asc&page=2")).AssertOk()!.AsArray());

        var desc = (await isolated.Api.GetApiAsync($"{isolated.Namespaces()}?direction=desc")).AssertOk()!.AsArray();
        Assert.Equal(titles.OrderDescending(StringComparer.Ordinal), desc.Select(n => (string)n!["title"]!));
        var byId = (await isolated.Api.GetApiAsync($"{isolated.Namespaces()}?order=id")).AssertOk()!.AsArray().Select(n => (string)n!["id"]!).ToList();
        Assert.Equal(byId.Order(StringComparer.Ordinal), byId);
    }

    [Theory]
    [InlineData("order=size", 10043)]
    [InlineData("direction=up", 10044)]
    [InlineData("page=0", 10007)]
    [InlineData("page=x", 10007)]
    [InlineData("per_page=-1", 10008)]
    public async Task Bad_list_parameters_are_refused(string query, int code)
    {
        (await server.Api.GetApiAsync($"{server.Namespaces()}?{query}")).AssertError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Malformed_namespace_id_is_refused_with_10011()
    {
        (await server.Api.GetApiAsync(server.Namespace("not-an-id"))).AssertError(HttpStatusCode.BadRequest, 10011);
        (await server.Api.GetApiAsync($"{server.Namespace("abc")}/keys")).AssertError(HttpStatusCode.BadRequest, 10011);
    }

    [Fact]
    public async Task Another_accounts_namespace_is_not_found_and_untouched()
    {
        var accounts = server.Server.Storage.Accounts;
        var otherId = Guid.NewGuid().ToString("N");
        await accounts.CreateAsync(otherId, "other", "other-" + otherId[..8]);
        var kv = server.Server.Storage.Kv;
        var theirs = await kv.CreateNamespaceAsync(otherId, "secret");
        await kv.PutAsync(theirs.Id, new Storage.Kv.KvWrite("k", Bytes("theirs")));

        (await server.Api.GetApiAsync(server.Namespace(theirs.Id))).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendJsonAsync(HttpMethod.Put, server.Namespace(theirs.Id), new { title = "mine" })).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Namespace(theirs.Id))).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.GetApiAsync(server.Value(theirs.Id, "k"))).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(theirs.Id, "k"), new StringContent("overwritten")))
            .AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Value(theirs.Id, "k"))).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.GetApiAsync($"{server.Namespace(theirs.Id)}/keys")).AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.Namespace(theirs.Id)}/bulk", new[] { new { key = "k", value = "x" } }))
            .AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.Namespace(theirs.Id)}/bulk/get", new { keys = new[] { "k" } }))
            .AssertError(HttpStatusCode.NotFound, 10013);
        (await server.Api.SendJsonAsync(HttpMethod.Delete, $"{server.Namespace(theirs.Id)}/bulk", new[] { "k" }))
            .AssertError(HttpStatusCode.NotFound, 10013);

        var listed = (await server.Api.GetApiAsync($"{server.Namespaces()}?per_page=1000")).AssertOk()!.AsArray();
        Assert.DoesNotContain(listed, n => (string?)n!["id"] == theirs.Id);
        Assert.Equal(theirs, await kv.GetNamespaceAsync(otherId, theirs.Id));
        Assert.Equal(Bytes("theirs"), (await kv.GetAsync(theirs.Id, "k"))!.Value);
    }

    [Fact]
    public async Task Another_accounts_path_is_forbidden()
    {
        var response = await server.Api.GetApiAsync("accounts/ffffffffffffffffffffffffffffffff/storage/kv/namespaces");
        response.AssertError(HttpStatusCode.Forbidden, 10000);
    }
}
