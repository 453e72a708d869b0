using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// <c>EventSource</c> in a worker: server-sent events from a loopback origin (comments, custom event types, multi-line
/// data, ids, CR LF line ends, an unfinished event dropped at the end), the reconnection the stream's <c>retry</c> asks
/// for with <c>Last-Event-ID</c>, Workers' <c>fetcher</c> option (a service binding), and <c>EventSource.from(stream)</c>.
/// </summary>
public sealed class EventSourceTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    private static string Worker(Uri origin) => $$"""
        function collect(source, until) {
          const events = [];
          return new Promise((resolve, reject) => {
            source.onopen = () => events.push(`open ${source.readyState}`);
            source.onmessage = (e) => {
              events.push(`message ${e.data} [${e.lastEventId}]`);
              if (until(e)) { source.close(); resolve(events); }
            };
            source.addEventListener("custom", (e) => events.push(`custom ${JSON.stringify(e.data)} [${e.lastEventId}]`));
            source.onerror = () => {
              events.push(`error ${source.readyState}`);
              if (source.readyState === EventSource.CLOSED) resolve(events);
            };
            setTimeout(() => reject(new Error(`timed out after ${events.join(" | ")}`)), 10000);
          });
        }
        export default {
          async fetch(request, env) {
            const mode = new URL(request.url).searchParams.get("mode");
            const until = (e) => e.data.startsWith("resumed");
            if (mode === "from") {
              const stream = new Response("data: a\n\nevent: custom\ndata: b\n\n").body;
              return new Response((await collect(EventSource.from(stream), () => false)).join("\n"));
            }
            const source = mode === "fetcher"
              ? new EventSource("https://origin.invalid/sse", { fetcher: env.ORIGIN })
              : new EventSource("{{new Uri(origin, "/sse")}}");
            return new Response((await collect(source, until)).join("\n"));
          }
        };
        """;

    private const string Proxy = """
        export default { fetch: (request) => fetch(request.url.replace("https://origin.invalid", ORIGIN), request) };
        """;

    [Fact]
    public async Task A_worker_reads_server_sent_events_reconnects_and_reads_a_stream()
    {
        LoopbackUpstream origin = await LoopbackUpstream.SharedAsync();
        string proxy = DispatchSites.Unique("sse-origin"), worker = DispatchSites.Unique("sse");
        await DispatchSites.DeployAccountWorkerAsync(_server, proxy,
            Proxy.Replace("ORIGIN", $"\"{origin.Origin.GetLeftPart(UriPartial.Authority)}\""));
        await DispatchSites.DeployAccountWorkerAsync(_server, worker, Worker(origin.Origin), new { type = "service", name = "ORIGIN", service = proxy });

        string expected = """
            open 1
            message first []
            custom "line1\nline2" [7]
            message third [7]
            error 0
            open 1
            message resumed after 7 [7]
            """.ReplaceLineEndings("\n");
        foreach (string mode in new[] { "url", "fetcher" })
        {
            using var response = await DispatchSites.GetAsync(_server, worker, $"/?mode={mode}");
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        using var from = await DispatchSites.GetAsync(_server, worker, "/?mode=from");
        Assert.Equal("""
            open 1
            message a []
            custom "b" []
            error 2
            """.ReplaceLineEndings("\n"), await from.Content.ReadAsStringAsync());
    }
}
