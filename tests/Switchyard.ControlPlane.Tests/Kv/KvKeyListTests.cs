using System.Net;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

public sealed class KvKeyListTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Cursor_walks_every_key_once_in_order_and_ends_empty()
    {
        var id = await server.CreateNamespaceAsync();
        var names = Enumerable.Range(0, 25).Select(i => $"key-{i:D2}").ToList();
        foreach (var name in names.AsEnumerable().Reverse()) await server.PutAsync(id, name, Bytes("v"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?limit=10" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var keys = response.AssertOk()!.AsArray();
            var info = response.Body["result_info"]!;
            Assert.Equal(keys.Count, (int)info["count"]!);
            cursor = (string)info["cursor"]!;
            seen.AddRange(keys.Select(k => (string)k!["name"]!));
            pages++;
        } while (cursor != "");

        Assert.Equal(3, pages);
        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task A_full_last_page_still_ends_with_an_empty_cursor()
    {
        var id = await server.CreateNamespaceAsync();
        for (var i = 0; i < 10; i++) await server.PutAsync(id, $"k{i}", Bytes("v"));
        var response = await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?limit=10");
        Assert.Equal(10, response.AssertOk()!.AsArray().Count);
        Assert.Equal("", (string?)response.Body["result_info"]!["cursor"]);
    }

    [Fact]
    public async Task Keys_are_ordered_by_their_utf8_bytes()
    {
        var id = await server.CreateNamespaceAsync();
        // UTF-16 ordinal order would put the emoji (a surrogate pair, 0xD83D…) before U+E000 and U+FFFD; UTF-8 puts it last.
        var keys = new[] { "😀", "\uFFFD", "\uE000", "é", "Z", "a", "B", "~" };
        foreach (var key in keys) await server.PutAsync(id, key, Bytes("v"));
        Assert.Equal(["B", "Z", "a", "~", "é", "\uE000", "\uFFFD", "😀"], await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task Prefix_selects_exactly_the_keys_that_start_with_it()
    {
        var id = await server.CreateNamespaceAsync();
        foreach (var key in new[] { "bulk", "bulk-a", "bulk-b", "bulkz", "bulj", "bulk\U0010FFFF", "bull", "ab", "é1", "é2", "ê" })
            await server.PutAsync(id, key, Bytes("v"));

        Assert.Equal(["bulk-a", "bulk-b"], await server.KeyNamesAsync(id, "?prefix=bulk-"));
        Assert.Equal(["bulk", "bulk-a", "bulk-b", "bulkz", "bulk\U0010FFFF"], await server.KeyNamesAsync(id, "?prefix=bulk"));
        Assert.Equal(["é1", "é2"], await server.KeyNamesAsync(id, "?prefix=" + Uri.EscapeDataString("é")));
        Assert.Empty(await server.KeyNamesAsync(id, "?prefix=zzz"));
        Assert.Equal(11, (await server.KeyNamesAsync(id, "?prefix=")).Count);
    }

    [Fact]
    public async Task Prefix_and_cursor_combine()
    {
        var id = await server.CreateNamespaceAsync();
        for (var i = 0; i < 15; i++) await server.PutAsync(id, $"p/{i:D2}", Bytes("v"));
        await server.PutAsync(id, "q", Bytes("v"));

        var first = await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?prefix=p%2F&limit=10");
        var cursor = (string)first.Body["result_info"]!["cursor"]!;
        Assert.NotEqual("", cursor);
        var second = await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?prefix=p%2F&limit=10&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(5, second.AssertOk()!.AsArray().Count);
        Assert.Equal("", (string?)second.Body["result_info"]!["cursor"]);
    }

    [Fact]
    public async Task Listed_keys_carry_expiration_and_metadata_only_when_set()
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "plain", Bytes("v"));
        using var form = new MultipartFormDataContent { { new StringContent("v"), "value" }, { new StringContent("{\"a\":[1,\"x\"]}"), "metadata" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "rich") + "?expiration_ttl=600", form)).AssertOk();

        var keys = await server.KeysAsync(id);
        var plain = keys.Single(k => (string?)k!["name"] == "plain")!.AsObject();
        Assert.False(plain.ContainsKey("expiration"));
        Assert.False(plain.ContainsKey("metadata"));
        var rich = keys.Single(k => (string?)k!["name"] == "rich")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"a\":[1,\"x\"]}"), rich["metadata"]));
        Assert.NotNull(rich["expiration"]);
    }

    [Theory]
    [InlineData("limit=9", 10028)]
    [InlineData("limit=1001", 10028)]
    [InlineData("limit=many", 10028)]
    [InlineData("cursor=%21%21not-a-cursor", 10041)]
    public async Task Bad_list_parameters_are_refused(string query, int code)
    {
        var id = await server.CreateNamespaceAsync();
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?{query}")).AssertError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Prefix_longer_than_a_key_can_be_is_refused()
    {
        var id = await server.CreateNamespaceAsync();
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/keys?prefix={new string('p', 513)}")).AssertError(HttpStatusCode.RequestUriTooLong, 10030);
    }
}
