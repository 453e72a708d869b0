using System.Net;
using System.Net.Sockets;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// <c>connect()</c> from <c>cloudflare:sockets</c> to a loopback TCP echo server (loopback is opened to workers in
/// tests as an operator opens a private range): bytes both ways, half-close, <c>opened</c>'s addresses, from an account
/// worker and from a dispatched user worker; refused as fetch() is for Switchyard's own listeners; port 25 and bad
/// addresses are TypeErrors; a TLS socket to a plain server fails its handshake.
/// </summary>
public sealed class SocketsTests : IAsyncLifetime
{
    private readonly TestServer _server = new();
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _echo.Start();
        _ = EchoAsync();
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        _echo.Stop();
        await _server.DisposeAsync();
    }

    /// <summary>Answers each connection with what it sent, upper-cased, then closes when the client has finished sending.</summary>
    private async Task EchoAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _echo.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    int read;
                    while ((read = await stream.ReadAsync(buffer)) > 0)
                        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(buffer, 0, read).ToUpperInvariant()));
                }
            });
        }
    }

    private int EchoPort => ((IPEndPoint)_echo.LocalEndpoint).Port;

    private string Code(int port) => $$"""
        import { connect } from 'cloudflare:sockets';
        export default {
          async fetch(request) {
            const what = new URL(request.url).searchParams.get('what');
            if (what === 'errors') {
              const out = [];
              for (const attempt of [() => connect('127.0.0.1:25'), () => connect('no-port'), () => connect({ hostname: 'x', port: 70000 })]) {
                try { attempt(); out.push('connected'); } catch (e) { out.push(`${e.constructor.name}: ${e.message}`); }
              }
              try { connect('127.0.0.1:{{port}}').startTls(); } catch (e) { out.push(`${e.constructor.name}`); }
              return new Response(out.join('\n'));
            }
            if (what === 'tls') {
              try { await connect('127.0.0.1:{{port}}', { secureTransport: 'on' }).opened; return new Response('opened'); }
              catch (e) { return new Response(`refused: ${e.constructor.name}: ${e.message}`); }
            }
            const target = what === 'api' ? '{{new Uri(_server.Server.ApiUrl, "/").Authority}}' : '127.0.0.1:{{port}}';
            const socket = connect(target);
            try {
              const info = await socket.opened;
              const writer = socket.writable.getWriter();
              await writer.write(new TextEncoder().encode('hello, '));
              await writer.write('sockets');
              await writer.close();
              const text = await new Response(socket.readable).text();
              await socket.closed;
              return new Response(`${text} from ${info.remoteAddress}`);
            } catch (e) {
              return new Response(`refused: ${e.message}`, { status: 502 });
            }
          }
        };
        """;

    [Fact]
    public async Task An_account_worker_and_a_dispatched_user_worker_talk_to_a_tcp_server()
    {
        string worker = DispatchSites.Unique("sock");
        await DispatchSites.DeployAccountWorkerAsync(_server, worker, Code(EchoPort));
        using (var response = await DispatchSites.GetAsync(_server, worker, "/"))
            Assert.Equal($"HELLO, SOCKETS from 127.0.0.1:{EchoPort}", await response.Content.ReadAsStringAsync());

        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp"), user = DispatchSites.Unique("user");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, Code(EchoPort));
        using (var response = await DispatchSites.GetAsync(_server, dispatcher, $"/?script={user}"))
            Assert.Equal($"HELLO, SOCKETS from 127.0.0.1:{EchoPort}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Switchyards_own_listeners_bad_addresses_and_failed_tls_are_refused()
    {
        string worker = DispatchSites.Unique("sock");
        await DispatchSites.DeployAccountWorkerAsync(_server, worker, Code(EchoPort));

        using (var api = await DispatchSites.GetAsync(_server, worker, "/?what=api"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, api.StatusCode);
            Assert.Contains("is not reachable from workers", await api.Content.ReadAsStringAsync());
        }
        using (var errors = await DispatchSites.GetAsync(_server, worker, "/?what=errors"))
            Assert.Equal("""
                TypeError: Connections to port 25 (SMTP) are prohibited.
                TypeError: connect() needs an address such as "example.com:443" or { hostname, port }.
                TypeError: connect() needs an address such as "example.com:443" or { hostname, port }.
                TypeError
                """.ReplaceLineEndings("\n"), await errors.Content.ReadAsStringAsync());
        // The echo server speaks no TLS: the handshake, not the address policy, is what fails.
        using (var tls = await DispatchSites.GetAsync(_server, worker, "/?what=tls"))
        {
            string refusal = await tls.Content.ReadAsStringAsync();
            Assert.StartsWith("refused: Error: TLS handshake with 127.0.0.1 failed: ", refusal);
            Assert.DoesNotContain("inner exception", refusal);
        }
    }
}
