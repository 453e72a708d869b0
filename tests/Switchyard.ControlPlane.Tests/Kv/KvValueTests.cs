using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Switchyard.Storage.Kv;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

public sealed class KvValueTests(TestServer server) : IClassFixture<TestServer>
{
    private IKvStore Store => server.Server.Storage.Kv;

    [Fact]
    public async Task Text_value_round_trips_as_raw_bytes_without_an_envelope()
    {
        var id = await server.CreateNamespaceAsync();
        using var content = new StringContent("hello world", Encoding.UTF8, "text/plain");
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "greeting"), content)).AssertOk();

        using var response = await server.Api.GetAsync(server.Value(id, "greeting"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello world", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Binary_value_without_content_type_round_trips_byte_for_byte()
    {
        var id = await server.CreateNamespaceAsync();
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray();
        using var content = new ByteArrayContent(bytes); // no Content-Type, like `wrangler kv key put --path`
        Assert.Null(content.Headers.ContentType);
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "logo"), content)).AssertOk();
        Assert.Equal(bytes, await server.GetAsync(id, "logo"));
    }

    [Fact]
    public async Task Empty_value_is_stored_and_read_back_empty()
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "empty", []);
        var value = await server.GetAsync(id, "empty");
        Assert.NotNull(value);
        Assert.Empty(value);
    }

    [Fact]
    public async Task Put_overwrites_value_metadata_and_expiration()
    {
        var id = await server.CreateNamespaceAsync();
        await PutMultipartAsync(id, "k", "first", "{\"v\":1}", "?expiration_ttl=3600");
        await server.PutAsync(id, "k", Bytes("second"));
        var key = Assert.Single(await server.KeysAsync(id))!;
        Assert.Null(key["expiration"]);
        Assert.Null(key["metadata"]);
        Assert.Equal(Bytes("second"), await server.GetAsync(id, "k"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("100%")]
    [InlineData("%")]
    [InlineData("with space")]
    [InlineData("plus+sign")]
    [InlineData("q?x=1&y=2#frag")]
    [InlineData("ünïcødé ✓ 😀")]
    [InlineData("../up")]
    [InlineData("/leading/and/trailing/")]
    public async Task Keys_with_special_characters_round_trip(string key)
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, key, Encoding.UTF8.GetBytes("value of " + key));

        Assert.Equal("value of " + key, Encoding.UTF8.GetString((await server.GetAsync(id, key))!));
        Assert.Equal([key], await server.KeyNamesAsync(id));
        Assert.NotNull(await Store.GetAsync(id, key));

        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Value(id, key))).AssertOk();
        Assert.Null(await server.GetAsync(id, key));
    }

    [Fact]
    public async Task Unencoded_slashes_in_the_path_are_part_of_the_key()
    {
        var id = await server.CreateNamespaceAsync();
        using var content = new StringContent("nested");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.Namespace(id)}/values/dir/file.txt", content)).AssertOk();
        Assert.Equal(Bytes("nested"), await server.GetAsync(id, "dir/file.txt"));
    }

    [Fact]
    public async Task Multipart_put_stores_value_metadata_and_ttl()
    {
        var id = await server.CreateNamespaceAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await PutMultipartAsync(id, "withmeta", "v1", "{\"a\":1}", "?expiration_ttl=3600");

        Assert.Equal(Bytes("v1"), await server.GetAsync(id, "withmeta"));
        var key = Assert.Single(await server.KeysAsync(id))!;
        Assert.Equal(1, (int?)key["metadata"]!["a"]);
        Assert.InRange((long)key["expiration"]!, before + 3600, before + 3602);

        var metadata = (await server.Api.GetApiAsync($"{server.Namespace(id)}/metadata/withmeta")).AssertOk()!;
        Assert.Equal(1, (int?)metadata["a"]);
    }

    [Fact]
    public async Task Multipart_value_may_be_a_file_part_with_binary_bytes()
    {
        var id = await server.CreateNamespaceAsync();
        var bytes = new byte[] { 0, 255, 13, 10, 45, 45, 0x80 };
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "value", "blob.bin" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "file"), form)).AssertOk();
        Assert.Equal(bytes, await server.GetAsync(id, "file"));
    }

    [Fact]
    public async Task Absolute_expiration_is_stored()
    {
        var id = await server.CreateNamespaceAsync();
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 7200;
        await server.PutAsync(id, "k", Bytes("v"), $"?expiration={at}");
        Assert.Equal(at, (long)Assert.Single(await server.KeysAsync(id))!["expiration"]!);
    }

    [Fact]
    public async Task Metadata_of_a_key_without_metadata_is_null_and_of_a_missing_key_404()
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "plain", Bytes("v"));
        var response = await server.Api.GetApiAsync($"{server.Namespace(id)}/metadata/plain");
        response.AssertOk();
        Assert.Null(response.Result);
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/metadata/missing")).AssertError(HttpStatusCode.NotFound, 10009);
    }

    [Fact]
    public async Task Missing_key_is_a_404_envelope_with_10009()
    {
        var id = await server.CreateNamespaceAsync();
        var message = (await server.Api.GetApiAsync(server.Value(id, "nope"))).AssertError(HttpStatusCode.NotFound, 10009);
        Assert.Equal("get: 'key not found'", message);
    }

    [Fact]
    public async Task Deleting_a_missing_key_succeeds()
    {
        var id = await server.CreateNamespaceAsync();
        (await server.Api.SendApiAsync(HttpMethod.Delete, server.Value(id, "never"))).AssertOk();
    }

    [Fact]
    public async Task Unknown_namespace_is_404_with_10013()
    {
        (await server.Api.GetApiAsync(server.Value("0123456789abcdef0123456789abcdef", "k"))).AssertError(HttpStatusCode.NotFound, 10013);
    }

    [Fact]
    public async Task Key_longer_than_512_bytes_is_refused_with_414_and_nothing_is_stored()
    {
        var id = await server.CreateNamespaceAsync();
        var key = new string('é', 257); // 514 bytes of UTF-8 in 257 characters
        using var content = new StringContent("v");
        var message = (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, key), content)).AssertError(HttpStatusCode.RequestUriTooLong, 10030);
        Assert.Equal("UTF-8 encoded length of 514 exceeds key length limit of 512.", message);
        Assert.Empty(await server.KeyNamesAsync(id));

        await server.PutAsync(id, new string('k', 512), Bytes("v")); // exactly at the limit
        (await server.Api.GetApiAsync(server.Value(id, key))).AssertError(HttpStatusCode.RequestUriTooLong, 10030);
    }

    [Fact]
    public async Task Empty_key_is_refused()
    {
        var id = await server.CreateNamespaceAsync();
        using var content = new StringContent("v");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.Namespace(id)}/values/", content)).AssertError(HttpStatusCode.BadRequest, 10042);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Theory]
    [InlineData("bad%zzescape")]
    [InlineData("truncated%4")]
    [InlineData("not-utf8-%FF%FE")]
    public async Task Undecodable_key_is_refused_and_nothing_is_stored(string rawKey)
    {
        var id = await server.CreateNamespaceAsync();
        // Sent over a bare socket: HttpClient's Uri would re-escape the stray '%' and send a valid key.
        var (status, body) = await SendRawAsync("PUT", $"/client/v4/{server.Namespace(id)}/values/{rawKey}", "v");
        Assert.Equal(400, status);
        Assert.Contains("\"code\":10042", body);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task Value_over_25_MiB_is_refused_with_413_and_the_old_value_stays()
    {
        var id = await server.CreateNamespaceAsync();
        await server.PutAsync(id, "big", Bytes("old"));

        using var content = new ByteArrayContent(new byte[KvRules.MaxValueBytes + 1]);
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "big"), content)).AssertError(HttpStatusCode.RequestEntityTooLarge, 10024);
        using var multipart = new MultipartFormDataContent { { new ByteArrayContent(new byte[KvRules.MaxValueBytes + 1]), "value" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "big"), multipart)).AssertError(HttpStatusCode.RequestEntityTooLarge, 10024);
        Assert.Equal(Bytes("old"), await server.GetAsync(id, "big"));

        var exactly = new byte[KvRules.MaxValueBytes];
        exactly[^1] = 42;
        await server.PutAsync(id, "big", exactly);
        Assert.Equal(exactly, await server.GetAsync(id, "big"));
    }

    [Fact]
    public async Task Metadata_over_1024_bytes_is_refused_and_nothing_is_stored()
    {
        var id = await server.CreateNamespaceAsync();
        var metadata = $"{{\"pad\":\"{new string('x', 1020)}\"}}";
        var response = await PutMultipartRawAsync(id, "k", "v", metadata);
        Assert.Contains("exceeds limit of 1024", response.AssertError(HttpStatusCode.RequestEntityTooLarge, 10024));
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task Metadata_that_is_not_json_is_refused()
    {
        var id = await server.CreateNamespaceAsync();
        (await PutMultipartRawAsync(id, "k", "v", "{not json")).AssertError(HttpStatusCode.BadRequest, 10047);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Theory]
    [InlineData("?expiration_ttl=59", 10034)]
    [InlineData("?expiration_ttl=0", 10034)]
    [InlineData("?expiration_ttl=-5", 10034)]
    [InlineData("?expiration_ttl=soon", 10034)]
    [InlineData("?expiration_ttl=60.5", 10034)]
    [InlineData("?expiration=1", 10033)]
    [InlineData("?expiration=later", 10033)]
    [InlineData("?expiration=NOW+30", 10033)]
    public async Task Bad_expirations_are_refused_and_nothing_is_stored(string query, int code)
    {
        var id = await server.CreateNamespaceAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        query = query.Replace("NOW+30", (now + 30).ToString());
        using var content = new StringContent("v");
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "k") + query, content)).AssertError(HttpStatusCode.BadRequest, code);
        Assert.Empty(await server.KeyNamesAsync(id));
    }

    [Fact]
    public async Task Ttl_wins_over_expiration_when_both_are_given()
    {
        var id = await server.CreateNamespaceAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await server.PutAsync(id, "k", Bytes("v"), $"?expiration={now + 100_000}&expiration_ttl=120");
        Assert.InRange((long)Assert.Single(await server.KeysAsync(id))!["expiration"]!, now + 120, now + 122);
    }

    [Fact]
    public async Task Malformed_multipart_bodies_are_refused_and_nothing_is_stored()
    {
        var id = await server.CreateNamespaceAsync();

        using var noBoundary = new StringContent("--x\r\n\r\nv\r\n--x--");
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "k"), noBoundary)).AssertError(HttpStatusCode.BadRequest, 10029);

        using var truncated = new StringContent("--abc\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\nv");
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "k"), truncated)).AssertError(HttpStatusCode.BadRequest, 10029);

        using var noValue = new MultipartFormDataContent { { new StringContent("{}"), "metadata" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, "k"), noValue)).AssertError(HttpStatusCode.BadRequest, 10012);

        Assert.Empty(await server.KeyNamesAsync(id));
    }

    private async Task<(int Status, string Body)> SendRawAsync(string method, string target, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Server.ApiUrl.Host, server.Server.ApiUrl.Port);
        await using var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server.Server.ApiUrl.Authority}\r\nAuthorization: Bearer {TestServer.Token}\r\n" +
                      $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        return (int.Parse(response.Split(' ', 3)[1]), response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private async Task PutMultipartAsync(string id, string key, string value, string metadata, string query = "") =>
        (await PutMultipartRawAsync(id, key, value, metadata, query)).AssertOk();

    private async Task<ApiResponse> PutMultipartRawAsync(string id, string key, string value, string metadata, string query = "")
    {
        // Plain form fields, as wrangler's FormData sends them.
        using var form = new MultipartFormDataContent { { new StringContent(value), "value" }, { new StringContent(metadata), "metadata" } };
        return await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, key) + query, form);
    }
}
