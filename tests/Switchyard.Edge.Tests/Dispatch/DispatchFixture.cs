using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>
/// One server with an untrusted and a trusted namespace, a dispatcher bound to both, and a second dispatcher whose
/// binding sends its user workers' subrequests to an outbound worker that blocks <see cref="BlockedUrl"/>.
/// </summary>
public sealed class DispatchFixture : IAsyncLifetime
{
    public const string Dispatcher = "dispatcher";
    public const string OutboundDispatcher = "outbound-dispatcher";
    public const string OutboundWorker = "outbound";

    public TestServer Server { get; } = new();
    public string Namespace { get; private set; } = "";
    public string TrustedNamespace { get; private set; } = "";

    /// <summary>
    /// What the outbound worker blocks: a loopback port nothing listens on, so that a fetch the outbound worker failed
    /// to intercept is refused on this machine (and fails its test) rather than sent anywhere.
    /// </summary>
    public const string BlockedUrl = "http://127.0.0.1:9/blocked";

    /// <summary>Blocks <see cref="BlockedUrl"/> with 403 and the params it sees; passes everything else on to the network.</summary>
    private const string OutboundCode = """
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            if (url.origin + url.pathname.slice(0, 8) === "http://127.0.0.1:9/blocked") {
              return new Response(`blocked for ${env.customer} own=${env.OWN} undeclared=${env.undeclared}`, { status: 403 });
            }
            const response = await fetch(request);
            return new Response(`outbound saw ${response.status}: ${await response.text()}`, { status: response.status });
          }
        };
        """;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Namespace = await DispatchSites.CreateNamespaceAsync(Server);
        TrustedNamespace = await DispatchSites.CreateNamespaceAsync(Server, trusted: true);
        await DispatchSites.DeployAccountWorkerAsync(Server, Dispatcher, DispatchSites.Dispatcher,
            DispatchSites.DispatchBinding("DISPATCHER", Namespace), DispatchSites.DispatchBinding("TRUSTED", TrustedNamespace));
        await DispatchSites.DeployAccountWorkerAsync(Server, OutboundWorker, OutboundCode,
            new { type = "plain_text", name = "OWN", text = "mine" });
        await DispatchSites.DeployAccountWorkerAsync(Server, OutboundDispatcher, DispatchSites.Dispatcher,
            DispatchSites.DispatchBinding("DISPATCHER", Namespace, OutboundWorker, "customer"));
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}
