using System.Net;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// What wrangler deploys beyond fetch handlers, with the real wrangler: <c>triggers.crons</c> (its PUT of the
/// schedules after the upload) and a service binding to a named <c>WorkerEntrypoint</c> with <c>props</c>, called over
/// JS RPC through the edge.
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
                 "services":[{"binding":"CALC","service":"callee","entrypoint":"Calc","props":{"tenant":"t1","n":2}}]}
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "caller", "index.js"), """
                export default {
                  async fetch(request, env) { return new Response(`${await env.CALC.add(2, 3)} ${JSON.stringify(await env.CALC.props())}`); },
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
            Assert.Equal("""5 {"tenant":"t1","n":2}""", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
