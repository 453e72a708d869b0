using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Listing scripts by tag with cursor pagination, and deleting a namespace's scripts by tag.</summary>
public sealed class ScriptListTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<string> NamespaceWithScriptsAsync(params (string Name, string[] Tags)[] scripts)
    {
        var ns = await server.CreateNamespaceAsync("list");
        foreach (var (name, tags) in scripts)
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{Scripts(ns)}/{name}", ScriptUploads.Module(new() { ["tags"] = tags }))).AssertOk();
        return ns;
    }

    private string Scripts(string ns) => $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts";

    private async Task<List<string>> NamesAsync(string path) =>
        (await server.Api.GetApiAsync(path)).AssertOk()!.AsArray().Select(s => (string)s!["id"]!).ToList();

    [Fact]
    public async Task Tag_filters_require_yes_tags_and_exclude_no_tags()
    {
        var ns = await NamespaceWithScriptsAsync(
            ("a", ["free", "eu"]), ("b", ["paid", "eu"]), ("c", ["paid", "us"]), ("d", []));
        Assert.Equal(["a", "b", "c", "d"], await NamesAsync(Scripts(ns)));
        Assert.Equal(["b", "c"], await NamesAsync($"{Scripts(ns)}?tags=paid:yes"));
        Assert.Equal(["b"], await NamesAsync($"{Scripts(ns)}?tags=paid:yes,eu:yes"));
        Assert.Equal(["c"], await NamesAsync($"{Scripts(ns)}?tags=paid:yes,eu:no"));
        Assert.Equal(["a", "d"], await NamesAsync($"{Scripts(ns)}?tags=paid:no"));
        Assert.Empty(await NamesAsync($"{Scripts(ns)}?tags=nobody:yes"));
        (await server.Api.GetApiAsync($"{Scripts(ns)}?tags=paid")).AssertError(HttpStatusCode.BadRequest, 10021);
    }

    [Fact]
    public async Task Cursor_pagination_walks_every_script_once()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"s{i}").ToArray();
        var ns = await NamespaceWithScriptsAsync(names.Select(n => (n, new[] { "all" })).ToArray());
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await server.Api.GetApiAsync($"{Scripts(ns)}?tags=all:yes&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(response.AssertOk()!.AsArray().Select(s => (string)s!["id"]!));
            cursor = (string?)response.Body["result_info"]!["cursor"];
            pages++;
        } while (!string.IsNullOrEmpty(cursor));
        Assert.Equal(names, seen);
        Assert.Equal(3, pages);

        (await server.Api.GetApiAsync($"{Scripts(ns)}?cursor=%%%")).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.GetApiAsync($"{Scripts(ns)}?limit=0")).AssertError(HttpStatusCode.BadRequest, 10021);
    }

    [Fact]
    public async Task Account_list_shows_only_account_level_scripts()
    {
        var ns = await NamespaceWithScriptsAsync(("only-in-namespace", []));
        var name = TestNames.Unique("acct");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var all = await NamesAsync($"{server.AccountPath}/workers/scripts?limit=1000");
        Assert.Contains(name, all);
        Assert.DoesNotContain("only-in-namespace", all);
        Assert.Equal(["only-in-namespace"], await NamesAsync(Scripts(ns)));
    }

    [Fact]
    public async Task Delete_by_tag_removes_exactly_the_matching_scripts()
    {
        var ns = await NamespaceWithScriptsAsync(("a", ["customer-1", "v1"]), ("b", ["customer-1", "v2"]), ("c", ["customer-2", "v1"]));
        var other = await NamespaceWithScriptsAsync(("a", ["customer-1", "v1"]));

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Scripts(ns)}?tags=customer-1:yes,v2:no")).AssertOk();
        Assert.Equal(["b", "c"], await NamesAsync(Scripts(ns)));
        Assert.Equal(["a"], await NamesAsync(Scripts(other)));
        Assert.Equal(2, (int)(await server.Api.GetApiAsync($"{server.AccountPath}/workers/dispatch/namespaces/{ns}")).AssertOk()!["script_count"]!);

        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Delete, Scripts(ns))).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Scripts(ns)}?tags=oops")).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }
}
