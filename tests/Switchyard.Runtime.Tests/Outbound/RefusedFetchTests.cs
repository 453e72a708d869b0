using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;

namespace Switchyard.Runtime.Tests.Outbound;

/// <summary>A refused fetch() as the worker sees it: a TypeError it can catch, counted as a subrequest like any other.</summary>
public sealed class RefusedFetchTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { SubrequestLimit = 3 }, new GuardedConnector(new OutboundAddressPolicy()));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_refused_fetch_rejects_with_a_clear_error_and_counts_against_the_subrequest_limit()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        string code = $$"""
            export default {
              async fetch(request) {
                const n = Number(new URL(request.url).searchParams.get("n"));
                const seen = [];
                for (let i = 0; i < n; i++) {
                  try { await fetch("{{upstream.Origin}}/text?body=x"); seen.push("reached"); }
                  catch (e) { seen.push(`${e.name}: ${e.message}`); }
                }
                return new Response(seen.join("\n"));
              }
            };
            """;
        var worker = await _fixture.DeployAsync("refused", code);

        var (_, text) = await _fixture.FetchAsync(worker, "https://w.test/?n=3");
        string port = new Uri(upstream.Origin).Port.ToString();
        Assert.Equal(Enumerable.Repeat($"TypeError: fetch failed: 127.0.0.1:{port} is not reachable from workers: it is a loopback address", 3),
            text.Split('\n'));

        var over = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://w.test/?n=4"));
        Assert.Equal(WorkerFailure.SubrequestLimit, over.Failure);
    }

    [Fact]
    public async Task By_default_an_invocation_gets_cloudflares_10000_subrequests()
    {
        // Refused fetches count and cost no connection, so the default's whole allowance is quick to spend (a few
        // seconds; the CPU budget is raised only so that a slow run, under tools/memcheck, is not cut short by it).
        var options = new RuntimeOptions { DefaultCpuLimit = TimeSpan.FromMinutes(5) };
        Assert.Equal(10_000, options.SubrequestLimit);
        using var fixture = new RuntimeFixture(options, new GuardedConnector(new OutboundAddressPolicy()));
        var worker = await fixture.DeployAsync("allowance", """
            export default {
              async fetch(request) {
                const n = Number(new URL(request.url).searchParams.get("n"));
                let refused = 0;
                for (let i = 0; i < n; i++) { try { await fetch("http://127.0.0.1:9/"); } catch { refused++; } }
                return new Response(String(refused));
              }
            };
            """);
        Assert.Equal("10000", (await fixture.FetchAsync(worker, "https://w.test/?n=10000")).Body);
        var over = await Assert.ThrowsAsync<WorkerException>(() => fixture.FetchAsync(worker, "https://w.test/?n=10001"));
        Assert.Equal(WorkerFailure.SubrequestLimit, over.Failure);
    }
}
