using System.Net;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Containment;

/// <summary>
/// A customer's worker trying to reach the platform it runs on: the control-plane API and the edge on loopback, under
/// every spelling of the loopback address, and any other loopback port. With the serve defaults all of it is refused; a
/// server that allows loopback (as an operator allows a private range) still refuses its own listeners, also after a redirect.
/// </summary>
public sealed class OutboundFetchTests
{
    /// <summary>Fetches <c>?u=</c> and answers "status body", or "refused: name: message" when fetch() rejects.</summary>
    private const string Prober = """
        export default {
          async fetch(request) {
            const target = new URL(request.url).searchParams.get("u");
            try {
              const response = await fetch(target);
              return new Response(`${response.status} ${(await response.text()).slice(0, 200)}`);
            } catch (e) {
              return new Response(`refused: ${e.name}: ${e.message}`);
            }
          }
        };
        """;

    private static async Task<string> ProbeAsync(TestServer server, string url)
    {
        using var response = await EdgeSites.GetAsync(server, EdgeSites.Host("prober"), "/?u=" + Uri.EscapeDataString(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task With_the_defaults_no_loopback_spelling_reaches_the_api_the_edge_or_another_port()
    {
        await using var server = new TestServer { AllowPrivateFetch = [] };
        await server.InitializeAsync();
        await DispatchSites.DeployAccountWorkerAsync(server, "prober", Prober);
        LoopbackUpstream upstream = await LoopbackUpstream.StartAsync();
        await using var _ = upstream;
        int api = server.Server.ApiUrl.Port, edge = server.Server.EdgeUrl.Port, other = upstream.Origin.Port;

        string[] targets =
        [
            $"http://127.0.0.1:{api}/client/v4/user/tokens/verify",
            $"http://localhost:{api}/client/v4/accounts",
            $"http://127.1:{api}/client/v4/accounts",
            $"http://0x7f000001:{api}/client/v4/accounts",
            $"http://2130706433:{api}/client/v4/accounts",
            $"http://[::1]:{api}/client/v4/accounts",
            $"http://[::ffff:127.0.0.1]:{api}/client/v4/accounts",
            $"http://127.0.0.1:{edge}/",
            $"http://127.0.0.1:{other}/healthz",
            $"http://127.9.9.9:{other}/healthz",
        ];
        foreach (string target in targets)
        {
            string answer = await ProbeAsync(server, target);
            Assert.Matches(@"^refused: TypeError: fetch failed: (127\.[0-9.]+|\[[0-9a-f:.]+\]):[0-9]+ is not reachable from workers: "
                + "it is (a loopback address|one of Switchyard's own listeners)$", answer);
        }
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task With_loopback_allowed_the_servers_own_listeners_stay_refused_also_after_a_redirect()
    {
        await using var server = new TestServer();  // allows 127.0.0.0/8 and ::1, as --allow-private-fetch would
        await server.InitializeAsync();
        await DispatchSites.DeployAccountWorkerAsync(server, "prober", Prober);
        LoopbackUpstream upstream = await LoopbackUpstream.StartAsync();
        await using var _ = upstream;
        int api = server.Server.ApiUrl.Port, edge = server.Server.EdgeUrl.Port;

        Assert.Equal("200 ok", await ProbeAsync(server, new Uri(upstream.Origin, "/healthz").ToString()));
        foreach (string target in (string[])[$"http://127.0.0.1:{api}/client/v4/accounts", $"http://localhost:{edge}/"])
        {
            string answer = await ProbeAsync(server, target);
            Assert.StartsWith("refused: TypeError: fetch failed: ", answer);
            Assert.Contains("is not reachable from workers: it is one of Switchyard's own listeners", answer);
        }

        string redirect = new Uri(upstream.Origin, "/redirect?to=" + Uri.EscapeDataString($"http://127.0.0.1:{api}/client/v4/accounts")).ToString();
        Assert.Equal($"refused: TypeError: fetch failed: 127.0.0.1:{api} is not reachable from workers: it is one of Switchyard's own listeners",
            await ProbeAsync(server, redirect));
        Assert.Equal(["GET /healthz", "GET /redirect?to=" + Uri.EscapeDataString($"http://127.0.0.1:{api}/client/v4/accounts")],
            upstream.Received);
    }
}
