using System.Net;
using System.Text.Json.Nodes;
using Switchyard.Storage.Kv;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

public sealed class KvBulkTests(TestServer server) : IClassFixture<TestServer>
{
    private string Bulk(string id) => $"{server.Namespace(id)}/bulk";

    [Fact]
    public async Task Bulk_put_writes_text_base64_metadata_and_ttl()
    {
        var id = await server.CreateNamespaceAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = (await server.Api.SendJsonAsync(HttpMethod.Put, Bulk(id), """
            [
              { "key": "bulk-a", "value": "alpha" },
              { "key": "bulk-b", "value": "YmluYXJ5IGJ5dGVz", "base64": true, "metadata": { "kind": "b64" } },
              { "key": "bulk-c", "value": "gamma", "expiration_ttl": 3600 },
              { "key": "bulk-d", "value": "AP8A", "base64": true, "expiration": 4102444800.0 }
            ]
            """)).AssertOk()!;
        Assert.Equal(4, (int)result["successful_key_count"]!);
        Assert.Empty(result["unsuccessful_keys"]!.AsArray());

        Assert.Equal(Bytes("alpha"), await server.GetAsync(id, "bulk-a"));
        Assert.Equal(Bytes("binary bytes"), await server.GetAsync(id, "bulk-b"));
        Assert.Equal(new byte[] { 0, 255, 0 }, await server.GetAsync(id, "bulk-d"));
        var keys = (await server.KeysAsync(id)).ToDictionary(k => (string)k!["name"]!, k => k!);
        Assert.Equal("b64", (string?)keys["bulk-b"]["metadata"]!["kind"]);
        Assert.InRange((long)keys["bulk-c"]["expiration"]!, now + 3600, now + 3602);
        Assert.Equal(4102444800, (long)keys["bulk-d"]["expiration"]!);
    }

    [Fact]
    public async Task Bulk_get_returns_text_json_and_metadata_with_null_for_missing_keys()
    {
        var id = await server.CreateNamespaceAsync();
        (await server.Api.SendJsonAsync(HttpMethod.Put, Bulk(id), """
            [ { "key": "a", "value": "alpha", "metadata": { "m": 1 }, "expiration_ttl": 600 }, { "key": "j", "value": "{\"n\":[1,2]}" } ]
            """)).AssertOk();

        var text = (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/get", new { keys = new[] { "a", "j", "nope" } })).AssertOk()!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"values":{"a":"alpha","j":"{\"n\":[1,2]}","nope":null}}"""), text));

        var json = (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/get", new { keys = new[] { "j" }, type = "json" })).AssertOk()!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"values":{"j":{"n":[1,2]}}}"""), json));

        var meta = (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/get", new { keys = new[] { "a", "j", "nope" }, withMetadata = true }))
            .AssertOk()!["values"]!;
        Assert.Equal("alpha", (string?)meta["a"]!["value"]);
        Assert.Equal(1, (int?)meta["a"]!["metadata"]!["m"]);
        Assert.NotNull(meta["a"]!["expiration"]);
        Assert.True(meta["j"]!.AsObject().ContainsKey("metadata"));
        Assert.Null(meta["j"]!["metadata"]);
        Assert.True(meta.AsObject().ContainsKey("nope"));
        Assert.Null(meta["nope"]);
    }

    [Fact]
    public async Task Bulk_delete_with_DELETE_and_with_POST_bulk_delete()
    {
        var id = await server.CreateNamespaceAsync();
        foreach (var key in new[] { "a", "b", "c", "d" }) await server.PutAsync(id, key, Bytes("v"));

        var deleted = (await server.Api.SendJsonAsync(HttpMethod.Delete, Bulk(id), new[] { "a", "c", "missing" })).AssertOk()!;
        Assert.Equal(3, (int)deleted["successful_key_count"]!);
        Assert.Equal(["b", "d"], await server.KeyNamesAsync(id));

        (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/delete", new[] { "b" })).AssertOk();
        Assert.Equal(["d"], await server.KeyNamesAsync(id));
    }

    public static TheoryData<string, HttpStatusCode, int> BadBulkWrites => new()
    {
        { """[{"key":"ok","value":"v"},{"key":"bad","value":"not base64!","base64":true}]""", HttpStatusCode.BadRequest, 10012 },
        { """[{"key":"ok","value":"v"},"just a string"]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":"no-value"}]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":7,"value":"v"}]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":{"an":"object"}}]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":"v","base64":"yes"}]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":"v","expiration_ttl":"3600"}]""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":"v","expiration_ttl":30}]""", HttpStatusCode.BadRequest, 10034 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":"v","expiration_ttl":90.5}]""", HttpStatusCode.BadRequest, 10034 },
        { """[{"key":"ok","value":"v"},{"key":"k","value":"v","expiration":1000}]""", HttpStatusCode.BadRequest, 10033 },
        { """[{"key":"ok","value":"v"},{"key":"","value":"v"}]""", HttpStatusCode.BadRequest, 10042 },
        { """[{"key":"ok","value":"v"},{"key":"..","value":"v"}]""", HttpStatusCode.BadRequest, 10042 },
        { $$"""[{"key":"ok","value":"v"},{"key":"{{new string('k', 513)}}","value":"v"}]""", HttpStatusCode.RequestUriTooLong, 10030 },
        { $$$"""[{"key":"ok","value":"v"},{"key":"k","value":"v","metadata":{"p":"{{{new string('x', 1024)}}}"}}]""", HttpStatusCode.RequestEntityTooLarge, 10024 },
        { """{"key":"k","value":"v"}""", HttpStatusCode.BadRequest, 10029 },
        { """[{"key":"ok","value":"v"}""", HttpStatusCode.BadRequest, 10029 },
        { "", HttpStatusCode.BadRequest, 10029 },
    };

    [Theory]
    [MemberData(nameof(BadBulkWrites))]
    public async Task Bad_bulk_writes_are_refused_and_write_nothing(string body, HttpStatusCode status, int code)
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "ok", Bytes("before"));
        (await server.Api.SendApiAsync(HttpMethod.Put, Bulk(id), new StringContent(body))).AssertError(status, code);
        Assert.Equal(["ok"], await server.KeyNamesAsync(id));
        Assert.Equal(Bytes("before"), await server.GetAsync(id, "ok"));
    }

    [Fact]
    public async Task Bulk_value_over_25_MiB_after_decoding_is_refused_and_writes_nothing()
    {
        var id = await server.CreateNamespaceAsync();
        var big = Convert.ToBase64String(new byte[KvRules.MaxValueBytes + 1]);
        var body = new JsonArray(new JsonObject { ["key"] = "small", ["value"] = "v" }, new JsonObject { ["key"] = "big", ["value"] = big, ["base64"] = true });
        (await server.Api.SendJsonAsync(HttpMethod.Put, Bulk(id), body.ToJsonString())).AssertError(HttpStatusCode.RequestEntityTooLarge, 10024);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task More_than_10000_items_are_refused()
    {
        var id = await server.CreateNamespaceAsync();
        var items = Enumerable.Range(0, 10_001).Select(i => new { key = $"k{i}", value = "v" });
        (await server.Api.SendJsonAsync(HttpMethod.Put, Bulk(id), items)).AssertError(HttpStatusCode.BadRequest, 10029);
        (await server.Api.SendJsonAsync(HttpMethod.Delete, Bulk(id), items.Select(i => i.key))).AssertError(HttpStatusCode.BadRequest, 10029);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task Ten_thousand_items_are_written_in_one_request()
    {
        var id = await server.CreateNamespaceAsync();
        var items = Enumerable.Range(0, 10_000).Select(i => new { key = $"k{i:D5}", value = $"v{i}" });
        (await server.Api.SendJsonAsync(HttpMethod.Put, Bulk(id), items)).AssertOk();
        Assert.Equal(1000, (await server.KeyNamesAsync(id)).Count);
        Assert.Equal(Bytes("v9999"), await server.GetAsync(id, "k09999"));
    }

    [Theory]
    [InlineData("""["a",7]""", 10029)]
    [InlineData("""{"keys":["a"]}""", 10029)]
    [InlineData("""["a",""]""", 10042)]
    [InlineData("[", 10029)]
    public async Task Bad_bulk_deletes_are_refused_and_delete_nothing(string body, int code)
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "a", Bytes("v"));
        (await server.Api.SendApiAsync(HttpMethod.Delete, Bulk(id), new StringContent(body))).AssertError(HttpStatusCode.BadRequest, code);
        Assert.Equal(["a"], await server.KeyNamesAsync(id));
    }

    [Theory]
    [InlineData("""["a"]""", 10029)]
    [InlineData("""{"keys":"a"}""", 10029)]
    [InlineData("""{"keys":[1]}""", 10029)]
    [InlineData("""{"keys":["a"],"type":"arrayBuffer"}""", 10029)]
    [InlineData("""{"keys":["a"],"withMetadata":"yes"}""", 10029)]
    [InlineData("""{"keys":["a"],"type":"json"}""", 10012)]
    [InlineData("{", 10029)]
    public async Task Bad_bulk_gets_are_refused(string body, int code)
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "a", Bytes("not json"));
        (await server.Api.SendApiAsync(HttpMethod.Post, Bulk(id) + "/get", new StringContent(body))).AssertError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Bulk_get_of_more_than_100_keys_is_refused()
    {
        var id = await server.CreateNamespaceAsync();
        var keys = Enumerable.Range(0, 101).Select(i => $"k{i}").ToArray();
        (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/get", new { keys })).AssertError(HttpStatusCode.BadRequest, 10029);
        (await server.Api.SendJsonAsync(HttpMethod.Post, Bulk(id) + "/get", new { keys = keys[..100] })).AssertOk();
    }

    public static TheoryData<string, byte[], string> NotUnicode => new()
    {
        { "put", [.. "[{\"key\":\"a"u8, 0xFF, 0xFE, .. "\",\"value\":\"v\"}]"u8], "The 'key' of item 0 is not valid Unicode text" },
        { "put", "[{\"key\":\"ok2\",\"value\":\"\\ud800\"}]"u8.ToArray(), "The 'value' of item 0 is not valid Unicode text" },
        { "delete", [.. "[\"ok\",\"b"u8, 0xC3, "\"]"u8[0], .. "]"u8], "Key 1 is not valid Unicode text" },
        { "get", "{\"keys\":[\"\\udfff\"]}"u8.ToArray(), "Key 0 is not valid Unicode text" },
    };

    [Theory]
    [MemberData(nameof(NotUnicode))]
    public async Task Keys_and_values_that_are_not_unicode_text_are_refused_with_a_precise_message(string operation, byte[] body, string message)
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "ok", Bytes("before"));
        var content = new ByteArrayContent(body);
        var response = operation switch
        {
            "put" => await server.Api.SendApiAsync(HttpMethod.Put, Bulk(id), content),
            "delete" => await server.Api.SendApiAsync(HttpMethod.Delete, Bulk(id), content),
            _ => await server.Api.SendApiAsync(HttpMethod.Post, Bulk(id) + "/get", content),
        };
        Assert.StartsWith(message, response.AssertError(HttpStatusCode.BadRequest, 10029));
        Assert.Equal(["ok"], await server.KeyNamesAsync(id));
        Assert.Equal(Bytes("before"), await server.GetAsync(id, "ok"));
    }
}
