using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Observability;

/// <summary>
/// The tails API and its trace-v1 socket, driven as wrangler drives them (wrangler itself runs in the end-to-end
/// tests): events carry the request, the console calls' values, exceptions and the outcome; filters select; tails of
/// a namespace's script see only that script; DELETE closes the socket with 1000; bad input changes nothing.
/// </summary>
public sealed class TailTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    private const string Logger = """
        export default {
          async fetch(request) {
            const path = new URL(request.url).pathname;
            if (path === '/throw') throw new TypeError('boom at ' + path);
            console.log('hello', { a: 1, nested: [1, 'two'] }, 3n);
            console.warn('careful');
            return new Response('ok', { status: path === '/created' ? 201 : 200 });
          }
        };
        """;

    private string ScriptPath(string script) => $"{_server.AccountPath}/workers/scripts/{script}";

    [Fact]
    public async Task A_tail_workers_deliveries_show_in_its_own_tail_with_the_scripts_they_consumed()
    {
        string sink = DispatchSites.Unique("sink"), producer = DispatchSites.Unique("producer");
        await DispatchSites.DeployAccountWorkerAsync(_server, sink,
            "export default { tail(events) { console.log('consumed', events.length, events[0].scriptName); } };");
        var form = ScriptUploads.Module(new() { ["tail_consumers"] = new[] { new { service = sink } } }, Logger);
        (await _server.Api.SendApiAsync(HttpMethod.Put, ScriptPath(producer), form)).AssertOk();
        (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{ScriptPath(producer)}/subdomain", new { enabled = true })).AssertOk();
        await using TailClient tail = await TailClient.OpenAsync(_server, ScriptPath(sink));

        using (HttpResponseMessage ok = await DispatchSites.GetAsync(_server, producer, "/"))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // As Cloudflare's tail event: no request, the consumed scripts, the tail worker's own console output.
        JsonElement e = (await tail.NextAsync())!.Value;
        Assert.Equal(sink, e.GetProperty("scriptName").GetString());
        Assert.Equal("ok", e.GetProperty("outcome").GetString());
        Assert.Equal($$"""{"consumedEvents":[{"scriptName":"{{producer}}"}]}""", e.GetProperty("event").GetRawText());
        Assert.Equal($$"""["consumed",1,"{{producer}}"]""", e.GetProperty("logs")[0].GetProperty("message").GetRawText());
    }

    [Fact]
    public async Task A_tail_streams_each_request_with_its_console_values_status_and_exceptions()
    {
        string script = DispatchSites.Unique("tailed");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        await using TailClient tail = await TailClient.OpenAsync(_server, ScriptPath(script));

        using HttpResponseMessage ok = await DispatchSites.GetAsync(_server, script, "/created?x=1");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        string ray = Assert.Single(ok.Headers.GetValues("cf-ray"));
        Assert.Matches("^[0-9a-f]{16}-", ray);

        JsonElement e = (await tail.NextAsync())!.Value;
        Assert.Equal("ok", e.GetProperty("outcome").GetString());
        Assert.Equal(script, e.GetProperty("scriptName").GetString());
        Assert.InRange(e.GetProperty("eventTimestamp").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        JsonElement request = e.GetProperty("event").GetProperty("request");
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.EndsWith("/created?x=1", request.GetProperty("url").GetString());
        Assert.Equal(201, e.GetProperty("event").GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal(0, e.GetProperty("exceptions").GetArrayLength());
        JsonElement[] logs = [.. e.GetProperty("logs").EnumerateArray()];
        Assert.Equal(2, logs.Length);
        Assert.Equal("log", logs[0].GetProperty("level").GetString());
        Assert.Equal("""["hello",{"a":1,"nested":[1,"two"]},"3n"]""", logs[0].GetProperty("message").GetRawText().Replace(" ", ""));
        Assert.Equal("warn", logs[1].GetProperty("level").GetString());
        Assert.Equal("""["careful"]""", logs[1].GetProperty("message").GetRawText());
        Assert.False(string.IsNullOrEmpty(e.GetProperty("scriptVersion").GetProperty("id").GetString()));
        Assert.Equal(0, e.GetProperty("diagnosticsChannelEvents").GetArrayLength());

        using HttpResponseMessage thrown = await DispatchSites.GetAsync(_server, script, "/throw");
        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
        JsonElement failed = (await tail.NextAsync())!.Value;
        Assert.Equal("exception", failed.GetProperty("outcome").GetString());
        JsonElement exception = Assert.Single(failed.GetProperty("exceptions").EnumerateArray());
        Assert.Equal("TypeError", exception.GetProperty("name").GetString());
        Assert.Equal("boom at /throw", exception.GetProperty("message").GetString());
        Assert.Contains("boom at /throw", exception.GetProperty("stack").GetString());
        Assert.Equal(0, failed.GetProperty("logs").GetArrayLength());
    }

    [Fact]
    public async Task Filters_select_events_and_sensitive_headers_are_redacted()
    {
        string script = DispatchSites.Unique("filtered");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        await using TailClient errors = await TailClient.OpenAsync(_server, ScriptPath(script),
            new object[] { new { outcome = new[] { "exception", "exceededCpu", "exceededMemory", "unknown" } }, new { method = new[] { "GET" } } });
        await using TailClient withHeader = await TailClient.OpenAsync(_server, ScriptPath(script),
            new object[] { new { header = new { key = "x-pick", query = "me" } }, new { query = "hello" } });

        (await DispatchSites.GetAsync(_server, script, "/")).Dispose();
        (await EdgeSites.SendAsync(_server, HttpMethod.Get, EdgeSites.Host(script), "/picked", h =>
        {
            h.Add("x-pick", "me");
            h.Add("authorization", "Bearer secret-value");
            h.Add("x-api-key", "k");
        })).Dispose();
        (await DispatchSites.GetAsync(_server, script, "/throw")).Dispose();

        JsonElement error = (await errors.NextAsync())!.Value;
        Assert.Equal("exception", error.GetProperty("outcome").GetString());

        JsonElement picked = (await withHeader.NextAsync())!.Value;
        JsonElement headers = picked.GetProperty("event").GetProperty("request").GetProperty("headers");
        Assert.EndsWith("/picked", picked.GetProperty("event").GetProperty("request").GetProperty("url").GetString());
        Assert.Equal("me", headers.GetProperty("x-pick").GetString());
        Assert.Equal("REDACTED", headers.GetProperty("authorization").GetString());
        Assert.Equal("REDACTED", headers.GetProperty("x-api-key").GetString());

        // Nothing else reached either tail: a request that passes every filter now arrives next.
        (await EdgeSites.SendAsync(_server, HttpMethod.Get, EdgeSites.Host(script), "/again", h => h.Add("x-pick", "me"))).Dispose();
        Assert.EndsWith("/again", (await withHeader.NextAsync())!.Value.GetProperty("event").GetProperty("request").GetProperty("url").GetString());
        (await DispatchSites.GetAsync(_server, script, "/throw")).Dispose();
        Assert.Equal("exception", (await errors.NextAsync())!.Value.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_namespace_script_is_tailed_apart_from_an_account_script_of_the_same_name()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp");
        string name = DispatchSites.Unique("same");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, name, """
            export default { fetch() { console.log('from the namespace'); return new Response('user'); } };
            """);
        await DispatchSites.DeployAccountWorkerAsync(_server, name, """
            export default { fetch() { console.log('from the account'); return new Response('account'); } };
            """);
        await using TailClient user = await TailClient.OpenAsync(_server, $"{_server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{name}");

        (await DispatchSites.GetAsync(_server, name, "/")).Dispose();
        (await DispatchSites.GetAsync(_server, dispatcher, $"/x?script={name}")).Dispose();

        JsonElement e = (await user.NextAsync())!.Value;
        Assert.Equal(name, e.GetProperty("scriptName").GetString());
        Assert.Equal(ns, e.GetProperty("dispatchNamespace").GetString());
        Assert.Equal("""["from the namespace"]""", Assert.Single(e.GetProperty("logs").EnumerateArray()).GetProperty("message").GetRawText());
    }

    [Fact]
    public async Task Deleting_a_tail_closes_its_socket_with_1000_and_its_url_stops_working()
    {
        string script = DispatchSites.Unique("deleted");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        await using TailClient tail = await TailClient.OpenAsync(_server, ScriptPath(script));
        var listed = (await _server.Api.GetApiAsync($"{ScriptPath(script)}/tails")).AssertOk()!.AsArray();
        Assert.Equal(tail.Id, (string)Assert.Single(listed)!["id"]!);

        (await _server.Api.SendApiAsync(HttpMethod.Delete, $"{ScriptPath(script)}/tails/{tail.Id}")).AssertOk();
        Assert.Null(await tail.NextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, tail.Socket.CloseStatus);
        Assert.Empty((await _server.Api.GetApiAsync($"{ScriptPath(script)}/tails")).AssertOk()!.AsArray());

        using var again = new ClientWebSocket();
        again.Options.AddSubProtocol("trace-v1");
        await Assert.ThrowsAnyAsync<WebSocketException>(() => again.ConnectAsync(new Uri(tail.Url), CancellationToken.None));
        (await _server.Api.SendApiAsync(HttpMethod.Delete, $"{ScriptPath(script)}/tails/{tail.Id}")).AssertError(HttpStatusCode.NotFound, 10072);
    }

    [Fact]
    public async Task An_unmasked_client_frame_as_wrangler_sends_is_accepted()
    {
        string script = DispatchSites.Unique("unmasked");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        var result = (await _server.Api.SendApiAsync(HttpMethod.Post, $"{ScriptPath(script)}/tails", new StringContent("""{"filters":[]}"""))).AssertOk()!;
        var url = new Uri((string)result["url"]!);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: trace-v1\r\n\r\n"));
        string head = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 101", head);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", head);
        Assert.Contains("Sec-WebSocket-Protocol: trace-v1", head);

        byte[] debug = """{"debug":false}"""u8.ToArray();
        await stream.WriteAsync((byte[])[0x81, (byte)debug.Length, .. debug]);            // unmasked text frame, as wrangler's
        byte[] ping = "wrangler tail ping"u8.ToArray();
        await stream.WriteAsync((byte[])[0x89, (byte)(0x80 | ping.Length), 0, 0, 0, 0, .. ping]);  // masked (zero key) ping
        byte[] pong = new byte[2 + ping.Length];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(pong, timeout.Token);
        Assert.Equal(0x8A, pong[0]);
        Assert.Equal(ping, pong[2..]);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one, timeout.Token);
            head.Add(one[0]);
        }
        return System.Text.Encoding.ASCII.GetString([.. head]);
    }

    [Fact]
    public async Task Deleting_a_tail_after_its_socket_closed_succeeds_once()
    {
        string script = DispatchSites.Unique("closed");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        string id;
        await using (TailClient tail = await TailClient.OpenAsync(_server, ScriptPath(script)))
            id = tail.Id;  // disposing closes the socket, as wrangler's Ctrl-C does before its DELETE
        for (var deadline = DateTime.UtcNow.AddSeconds(10); (await _server.Api.GetApiAsync($"{ScriptPath(script)}/tails")).AssertOk()!.AsArray().Count > 0; await Task.Delay(20))
            Assert.True(DateTime.UtcNow < deadline, "the closed tail is still listed");
        (await _server.Api.SendApiAsync(HttpMethod.Delete, $"{ScriptPath(script)}/tails/{id}")).AssertOk();
        (await _server.Api.SendApiAsync(HttpMethod.Delete, $"{ScriptPath(script)}/tails/{id}")).AssertError(HttpStatusCode.NotFound, 10072);
        (await _server.Api.SendApiAsync(HttpMethod.Delete, $"{_server.AccountPath}/workers/scripts/other/tails/{id}")).AssertError(HttpStatusCode.NotFound, 10072);
    }

    [Fact]
    public async Task A_socket_url_with_a_wrong_key_is_refused()
    {
        string script = DispatchSites.Unique("keyed");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        await using TailClient tail = await TailClient.OpenAsync(_server, ScriptPath(script));
        string forged = tail.Url[..(tail.Url.LastIndexOf('/') + 1)] + new string('0', 64);
        using var socket = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(forged), CancellationToken.None));
        using var http = new HttpClient();
        using HttpResponseMessage page = await http.GetAsync(forged.Replace("ws://", "http://"));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Bad_filters_an_unknown_script_and_too_many_tails_are_refused_and_open_nothing()
    {
        string script = DispatchSites.Unique("refused");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, Logger);
        string tails = $"{ScriptPath(script)}/tails";

        string message = (await _server.Api.SendJsonAsync(HttpMethod.Post, tails, new { filters = new object[] { new { outcome = new[] { "fine" } } } }))
            .AssertError(HttpStatusCode.BadRequest, 10070);
        Assert.Contains("'fine'", message);
        (await _server.Api.SendJsonAsync(HttpMethod.Post, tails, new { filters = new object[] { new { sampling_rate = 2 } } }))
            .AssertError(HttpStatusCode.BadRequest, 10070);
        (await _server.Api.SendJsonAsync(HttpMethod.Post, tails, new { filters = new object[] { new { colour = "red" } } }))
            .AssertError(HttpStatusCode.BadRequest, 10070);
        (await _server.Api.SendApiAsync(HttpMethod.Post, tails, new StringContent("{not json"))).AssertError(HttpStatusCode.BadRequest, 10070);
        (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{_server.AccountPath}/workers/scripts/nobody-here/tails", new { filters = Array.Empty<object>() }))
            .AssertError(HttpStatusCode.NotFound, 10007);
        Assert.Empty((await _server.Api.GetApiAsync(tails)).AssertOk()!.AsArray());

        for (int i = 0; i < 10; i++) (await _server.Api.SendJsonAsync(HttpMethod.Post, tails, new { filters = Array.Empty<object>() })).AssertOk();
        (await _server.Api.SendJsonAsync(HttpMethod.Post, tails, new { filters = Array.Empty<object>() })).AssertError((HttpStatusCode)429, 10071);
        Assert.Equal(10, (await _server.Api.GetApiAsync(tails)).AssertOk()!.AsArray().Count);
    }
}
