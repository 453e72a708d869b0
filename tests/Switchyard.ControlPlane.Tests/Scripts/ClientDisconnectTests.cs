using System.Net;
using Switchyard.ControlPlane.Tests.Kv;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// A real client that hangs up mid-response, through the edge (and, by default, a worker host): <c>request.signal</c>
/// aborts (<c>enable_request_signal</c>) and a subrequest the worker passed to <c>waitUntil()</c> still completes.
/// </summary>
public sealed class ClientDisconnectTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task A_client_that_hangs_up_aborts_request_signal_and_leaves_waitUntil_work_running()
    {
        var upstream = await LoopbackUpstream.SharedAsync();
        string kv = await server.CreateKvNamespaceAsync();
        string name = TestNames.Unique("hangup");
        string code = $$"""
            export default { async fetch(request, env, ctx) {
              request.signal.addEventListener("abort", () => ctx.waitUntil(env.KV.put("signal", request.signal.reason.message)));
              ctx.waitUntil(fetch("{{upstream.Origin}}slow?ms=1500").then(r => r.text()).then(t => env.KV.put("subrequest", t), e => env.KV.put("subrequest", e.name)));
              const started = new TextEncoder().encode("started\n");
              return new Response(new ReadableStream({ start(c) { c.enqueue(started); }, pull() { return new Promise(() => {}); } }));
            } };
            """;
        var metadata = new Dictionary<string, object?>
        {
            ["bindings"] = new object[] { new { name = "KV", type = "kv_namespace", namespace_id = kv } },
            ["compatibility_flags"] = new[] { "enable_request_signal" },
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module(metadata, code))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = true })).AssertOk();

        // Read the response up to its first line, then hang up with the body unfinished (a plain socket: an HTTP client
        // would first try to drain the body to keep the connection).
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(server.Server.EdgeUrl.Host, server.Server.EdgeUrl.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {name}.dev.workers.localhost\r\n\r\n"));
            var seen = new System.Text.StringBuilder();
            var buffer = new byte[4096];
            while (!seen.ToString().Contains("started"))
            {
                int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.True(read > 0, $"the connection ended before the first line: {seen}");
                seen.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }
            Assert.StartsWith("HTTP/1.1 200", seen.ToString());
        }

        Assert.Equal("The client has disconnected", await WaitForAsync(kv, "signal"));
        Assert.Equal("slow", await WaitForAsync(kv, "subrequest"));
    }

    private async Task<string> WaitForAsync(string kv, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await server.GetAsync(kv, key) is { } value) return System.Text.Encoding.UTF8.GetString(value);
            await Task.Delay(100);
        }
        return $"no '{key}' within 30 s";
    }
}
