using System.Net;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// What wrangler deploys beyond fetch handlers, with the real wrangler: <c>triggers.crons</c> (its PUT of the
/// schedules after the upload) and a service binding to a named <c>WorkerEntrypoint</c> with <c>props</c>, called over
/// JS RPC through the edge, with a version_metadata binding; a producer's <c>tail_consumers</c>; and a service worker's wasm_modules, text_blobs and data_blobs.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed class WranglerWorkersApisTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Wrangler_deploys_cron_triggers_and_an_rpc_binding_with_props()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        var work = Directory.CreateTempSubdirectory("switchyard-workers-apis-");
        try
        {
            Directory.CreateDirectory(Path.Combine(work.FullName, "callee"));
            Directory.CreateDirectory(Path.Combine(work.FullName, "caller"));
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "callee", "wrangler.json"),
                """{"name":"callee","main":"index.js","compatibility_date":"2025-01-01","workers_dev":false}""");
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "callee", "index.js"), """
                import { WorkerEntrypoint } from "cloudflare:workers";
                export class Calc extends WorkerEntrypoint {
                  add(a, b) { return a + b; }
                  props() { return this.ctx.props; }
                }
                export default { fetch() { return new Response("callee"); } };
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "caller", "wrangler.json"), """
                {"name":"caller","main":"index.js","compatibility_date":"2025-01-01","workers_dev":true,
                 "triggers":{"crons":["*/5 * * * *","0 0 * * *"]},
                 "services":[{"binding":"CALC","service":"callee","entrypoint":"Calc","props":{"tenant":"t1","n":2}}],
                 "version_metadata":{"binding":"VERSION"}}
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "caller", "index.js"), """
                export default {
                  async fetch(request, env) {
                    return new Response(`${await env.CALC.add(2, 3)} ${JSON.stringify(await env.CALC.props())} ${env.VERSION.id}`);
                  },
                  async scheduled(controller) { console.log("scheduled", controller.cron); },
                };
                """);

            var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude + "\n(cd callee && npx wrangler deploy)\n(cd caller && npx wrangler deploy)",
                work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"wrangler deploy failed (exit {exit}):\n{transcript}");
            Assert.Contains("schedule: */5 * * * *", transcript);
            Assert.Contains("schedule: 0 0 * * *", transcript);

            var schedules = (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/caller/schedules")).AssertOk()!["schedules"]!.AsArray();
            Assert.Equal(["*/5 * * * *", "0 0 * * *"], schedules.Select(s => (string)s!["cron"]!));

            using var response = await server.GetEdgeAsync("caller.dev.workers.localhost");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("""5 {"tenant":"t1","n":2} """, body);
            Assert.Contains($"Current Version ID: {body.Split(' ')[^1]}", transcript);  // the version_metadata binding's id
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Wrangler_deploys_a_service_worker_with_wasm_text_and_data_bindings()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        var work = Directory.CreateTempSubdirectory("switchyard-part-bindings-");
        try
        {
            // Service-worker syntax: wrangler sends each file as a part named by its binding (wasm_modules, text_blobs,
            // data_blobs), with the file's path as the part's file name.
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "wrangler.json"), """
                {"name":"legacy","main":"worker.js","compatibility_date":"2025-01-01","workers_dev":true,
                 "wasm_modules":{"ADD":"lib/add.wasm"},"text_blobs":{"GREETING":"lib/greeting.txt"},"data_blobs":{"DATA":"lib/data.bin"}}
                """);
            Directory.CreateDirectory(Path.Combine(work.FullName, "lib"));
            await File.WriteAllBytesAsync(Path.Combine(work.FullName, "lib", "add.wasm"), TestWasm.Add);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "lib", "greeting.txt"), "hello from a text blob");
            await File.WriteAllBytesAsync(Path.Combine(work.FullName, "lib", "data.bin"), [7, 8, 9]);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "worker.js"), """
                addEventListener("fetch", event => {
                  const sum = new WebAssembly.Instance(ADD).exports.add(40, 2);
                  event.respondWith(new Response(`${sum} ${GREETING} ${new Uint8Array(DATA).join(",")}`));
                });
                """);

            var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude + "\nnpx wrangler deploy", work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"wrangler deploy failed (exit {exit}):\n{transcript}");

            using var response = await server.GetEdgeAsync("legacy.dev.workers.localhost");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("42 hello from a text blob 7,8,9", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Wrangler_deploys_a_tail_consumer_that_gets_the_producers_events()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        string kv = (string)(await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/storage/kv/namespaces", new { title = "tail-events" }))
            .AssertOk()!["id"]!;
        var work = Directory.CreateTempSubdirectory("switchyard-tail-consumers-");
        try
        {
            Directory.CreateDirectory(Path.Combine(work.FullName, "sink"));
            Directory.CreateDirectory(Path.Combine(work.FullName, "producer"));
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "sink", "wrangler.json"), $$"""
                {"name":"sink","main":"index.js","compatibility_date":"2025-01-01","workers_dev":false,
                 "kv_namespaces":[{"binding":"EVENTS","id":"{{kv}}"}]}
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "sink", "index.js"), """
                export default {
                  async tail(events, env) {
                    for (const event of events) await env.EVENTS.put(event.scriptName, JSON.stringify(event.logs.map(l => l.message)));
                  },
                };
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "producer", "wrangler.json"), """
                {"name":"producer","main":"index.js","compatibility_date":"2025-01-01","workers_dev":true,
                 "tail_consumers":[{"service":"sink"}]}
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "producer", "index.js"), """
                export default { fetch() { console.log("from the producer"); return new Response("produced"); } };
                """);

            var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude + "\n(cd sink && npx wrangler deploy)\n(cd producer && npx wrangler deploy)",
                work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"wrangler deploy failed (exit {exit}):\n{transcript}");

            using (var response = await server.GetEdgeAsync("producer.dev.workers.localhost"))
                Assert.Equal("produced", await response.Content.ReadAsStringAsync());
            // The delivery runs after the response: wait for the sink's write.
            string path = $"{server.AccountPath}/storage/kv/namespaces/{kv}/values/producer";
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            HttpResponseMessage stored;
            while ((stored = await server.Api.GetAsync(path)).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal("""[["from the producer"]]""", await stored.Content.ReadAsStringAsync());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
