using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Tests.Kv;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Tail Workers: a script's <c>tail_consumers</c> get each of its invocations, as Cloudflare's TraceItem, in their
/// <c>tail(events, env, ctx)</c> handler; for an account script and for a customer's script in a dispatch namespace
/// (how a platform collects its customers' logs).
/// </summary>
public sealed class TailWorkerTests(TestServer server) : IClassFixture<TestServer>
{
    // Keeps each delivery in KV, where the test reads it through the API.
    private const string Sink = """
        export default {
          async tail(events, env, ctx) {
            ctx.waitUntil(Promise.resolve());
            for (const event of events) await env.EVENTS.put(`${event.eventTimestamp}:${crypto.randomUUID()}`, JSON.stringify(event));
          },
          fetch() { return new Response("sink"); },
        };
        """;

    private const string Producer = """
        export default { async fetch(request) {
          const url = new URL(request.url);
          console.log("serving", url.pathname, 42);
          if (url.pathname === "/boom") throw new TypeError("it broke");
          return new Response("produced", { status: 201 });
        } };
        """;

    /// <param name="tailsItself">Whether the sink is its own tail consumer too (its deliveries must not feed it again).</param>
    private async Task<string> DeploySinkAsync(bool tailsItself = false)
    {
        string kv = await server.CreateKvNamespaceAsync();
        string sink = TestNames.Unique("tail-sink");
        var metadata = new Dictionary<string, object?> { ["bindings"] = new object[] { new { name = "EVENTS", type = "kv_namespace", namespace_id = kv } } };
        if (tailsItself) metadata["tail_consumers"] = new[] { new { service = sink } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{sink}", ScriptUploads.Module(metadata, Sink))).AssertOk();
        return $"{sink}|{kv}";
    }

    /// <summary>The events the sink has stored, once there are <paramref name="count"/> (deliveries run after the response).</summary>
    private async Task<List<JsonElement>> EventsAsync(string kv, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var names = await server.KeyNamesAsync(kv);
            if (names.Count >= count || DateTime.UtcNow > deadline)
            {
                var events = new List<JsonElement>();
                foreach (string name in names.Order(StringComparer.Ordinal))
                    events.Add(JsonDocument.Parse((await server.GetAsync(kv, name))!).RootElement);
                Assert.Equal(count, events.Count);
                return events;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task An_account_scripts_invocations_reach_its_tail_worker_as_trace_items()
    {
        var (sink, kv) = Split(await DeploySinkAsync());
        string producer = TestNames.Unique("tailed");
        var metadata = new Dictionary<string, object?> { ["tail_consumers"] = new[] { new { service = sink } } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{producer}", ScriptUploads.Module(metadata, Producer))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{producer}/subdomain", new { enabled = true })).AssertOk();
        string version = (string)(await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{producer}/versions")).AssertOk()!["items"]![0]!["id"]!;

        using (var ok = await server.GetEdgeAsync($"{producer}.dev.workers.localhost", "/ok"))
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var first = (await EventsAsync(kv, 1))[0];
        using (var boom = await server.GetEdgeAsync($"{producer}.dev.workers.localhost", "/boom"))
            Assert.Equal(HttpStatusCode.InternalServerError, boom.StatusCode);
        var events = await EventsAsync(kv, 2);
        var second = events.Single(e => e.GetProperty("outcome").GetString() == "exception");

        Assert.Equal(producer, first.GetProperty("scriptName").GetString());
        Assert.Equal("ok", first.GetProperty("outcome").GetString());
        Assert.Equal(version, first.GetProperty("scriptVersion").GetProperty("id").GetString());
        Assert.Equal($"http://{producer}.dev.workers.localhost/ok", first.GetProperty("event").GetProperty("request").GetProperty("url").GetString());
        Assert.Equal("GET", first.GetProperty("event").GetProperty("request").GetProperty("method").GetString());
        Assert.Equal(201, first.GetProperty("event").GetProperty("response").GetProperty("status").GetInt32());
        var log = first.GetProperty("logs")[0];
        Assert.Equal("log", log.GetProperty("level").GetString());
        Assert.Equal("""["serving","/ok",42]""", log.GetProperty("message").GetRawText());
        Assert.Equal(0, first.GetProperty("exceptions").GetArrayLength());
        Assert.True(first.GetProperty("eventTimestamp").GetInt64() > 0);

        var exception = second.GetProperty("exceptions")[0];
        Assert.Equal("TypeError", exception.GetProperty("name").GetString());
        Assert.Equal("it broke", exception.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_tail_workers_own_deliveries_are_not_delivered_again()
    {
        var (sink, kv) = Split(await DeploySinkAsync(tailsItself: true));
        string producer = TestNames.Unique("tailed-once");
        var metadata = new Dictionary<string, object?> { ["tail_consumers"] = new[] { new { service = sink } } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{producer}", ScriptUploads.Module(metadata, Producer))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{producer}/subdomain", new { enabled = true })).AssertOk();

        using (var response = await server.GetEdgeAsync($"{producer}.dev.workers.localhost", "/once"))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(producer, (await EventsAsync(kv, 1))[0].GetProperty("scriptName").GetString());
        await Task.Delay(500);
        Assert.Single(await server.KeyNamesAsync(kv));  // the sink's run for that event was not sent to the sink
    }

    [Fact]
    public async Task A_customers_script_in_a_dispatch_namespace_reaches_the_platforms_tail_worker()
    {
        var (sink, kv) = Split(await DeploySinkAsync());
        string ns = await server.CreateNamespaceAsync();
        string customer = TestNames.Unique("customer");
        var metadata = new Dictionary<string, object?> { ["tail_consumers"] = new[] { new { service = sink } } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{customer}",
            ScriptUploads.Module(metadata, Producer))).AssertOk();
        string dispatcher = TestNames.Unique("dispatcher");
        var dispatcherMetadata = new Dictionary<string, object?>
        {
            ["bindings"] = new object[] { new { name = "DISPATCHER", type = "dispatch_namespace", @namespace = ns } },
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{dispatcher}", ScriptUploads.Module(dispatcherMetadata,
            $"export default {{ fetch(request, env) {{ return env.DISPATCHER.get('{customer}').fetch(request); }} }};"))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{dispatcher}/subdomain", new { enabled = true })).AssertOk();

        using (var response = await server.GetEdgeAsync($"{dispatcher}.dev.workers.localhost", "/from-customer"))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Only the customer's script has the tail consumer: one event, the customer's, not the dispatcher's.
        var only = (await EventsAsync(kv, 1))[0];
        Assert.Equal(customer, only.GetProperty("scriptName").GetString());
        Assert.Equal(ns, only.GetProperty("dispatchNamespace").GetString());
        Assert.Equal("""["serving","/from-customer",42]""", only.GetProperty("logs")[0].GetProperty("message").GetRawText());
        await Task.Delay(300);
        Assert.Single(await server.KeyNamesAsync(kv));
    }

    private static (string Sink, string Kv) Split(string both) => (both.Split('|')[0], both.Split('|')[1]);
}
