using System.Net;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>
/// The three ways a dispatcher finds the customer (platform-facts: routing patterns), each with a dispatcher and several
/// user workers deployed through the API and requested through the edge: the first host label under a wildcard zone
/// route, the first path segment, and a hostname → script lookup in a KV namespace bound to the dispatcher.
/// </summary>
public sealed class PlatformRoutingTests(DispatchFixture fixture) : IClassFixture<DispatchFixture>
{
    private TestServer Server => fixture.Server;

    /// <summary>Answers with its own name, the host and path it was asked for, so a test sees who answered what.</summary>
    private static string Customer(string name) => $$"""
        export default {
          fetch(request) {
            const url = new URL(request.url);
            return new Response(`{{name}} got ${url.hostname}${url.pathname}`);
          }
        };
        """;

    /// <summary>Maps the dispatcher's rejections the way Cloudflare's example does.</summary>
    private static string DispatchTo(string findScript) => $$"""
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            {{findScript}}
            try {
              return await env.DISPATCHER.get(script).fetch(request);
            } catch (e) {
              return new Response(e.message, { status: e.message.startsWith("Worker not found") ? 404 : 500 });
            }
          }
        };
        """;

    private async Task<(string A, string B)> TwoCustomersAsync()
    {
        var a = DispatchSites.Unique("shop");
        var b = DispatchSites.Unique("shop");
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, a, Customer(a));
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, b, Customer(b));
        return (a, b);
    }

    private async Task<string> ZoneAsync(string name)
    {
        var zone = (await Server.Api.SendJsonAsync(HttpMethod.Post, "zones", new { name, account = new { id = TestServer.AccountId } })).AssertOk()!;
        return (string)zone["id"]!;
    }

    private async Task RouteAsync(string zoneId, string pattern, string script) =>
        (await Server.Api.SendJsonAsync(HttpMethod.Post, $"zones/{zoneId}/workers/routes", new { pattern, script })).AssertOk();

    private async Task<(HttpStatusCode, string)> Get(string host, string path)
    {
        using var response = await EdgeSites.GetAsync(Server, host, path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task By_subdomain_a_wildcard_route_sends_each_customers_host_to_its_worker()
    {
        var (a, b) = await TwoCustomersAsync();
        var dispatcher = DispatchSites.Unique("by-host");
        await DispatchSites.DeployAccountWorkerAsync(Server, dispatcher, DispatchTo("const script = url.hostname.split('.')[0];"),
            DispatchSites.DispatchBinding("DISPATCHER", fixture.Namespace));
        await RouteAsync(await ZoneAsync("shop.test"), "*.shop.test/*", dispatcher);

        Assert.Equal((HttpStatusCode.OK, $"{a} got {a}.shop.test/cart"), await Get($"{a}.shop.test", "/cart"));
        Assert.Equal((HttpStatusCode.OK, $"{b} got {b}.shop.test/"), await Get($"{b}.shop.test", "/"));
        Assert.Equal((HttpStatusCode.NotFound, "Worker not found."), await Get("nobody.shop.test", "/"));
    }

    [Fact]
    public async Task By_path_the_first_segment_names_the_customer_and_the_rest_is_its_path()
    {
        var (a, b) = await TwoCustomersAsync();
        var dispatcher = DispatchSites.Unique("by-path");
        await DispatchSites.DeployAccountWorkerAsync(Server, dispatcher, """
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                const [, script, ...rest] = url.pathname.split("/");
                url.pathname = "/" + rest.join("/");
                try {
                  return await env.DISPATCHER.get(script).fetch(new Request(url, request));
                } catch (e) {
                  return new Response(e.message, { status: e.message.startsWith("Worker not found") ? 404 : 500 });
                }
              }
            };
            """, DispatchSites.DispatchBinding("DISPATCHER", fixture.Namespace));
        var host = EdgeSites.Host(dispatcher);

        Assert.Equal((HttpStatusCode.OK, $"{a} got {host}/products/7"), await Get(host, $"/{a}/products/7"));
        Assert.Equal((HttpStatusCode.OK, $"{b} got {host}/"), await Get(host, $"/{b}/"));
        Assert.Equal((HttpStatusCode.NotFound, "Worker not found."), await Get(host, "/nobody/x"));
    }

    [Fact]
    public async Task By_kv_lookup_each_custom_hostname_maps_to_the_script_stored_for_it()
    {
        var (a, b) = await TwoCustomersAsync();
        var kv = (string)(await Server.Api.SendJsonAsync(HttpMethod.Post, $"{Server.AccountPath}/storage/kv/namespaces",
            new { title = DispatchSites.Unique("hostnames") })).AssertOk()!["id"]!;
        async Task MapAsync(string hostname, string script)
        {
            using var put = await Server.Api.PutAsync($"{Server.AccountPath}/storage/kv/namespaces/{kv}/values/{hostname}", new StringContent(script));
            put.EnsureSuccessStatusCode();
        }

        var dispatcher = DispatchSites.Unique("by-kv");
        await DispatchSites.DeployAccountWorkerAsync(Server, dispatcher, DispatchTo("""
            const script = await env.HOSTNAMES.get(url.hostname);
            if (script === null) return new Response(`no customer for ${url.hostname}`, { status: 421 });
            """), DispatchSites.DispatchBinding("DISPATCHER", fixture.Namespace), new { type = "kv_namespace", name = "HOSTNAMES", namespace_id = kv });
        foreach (var zone in new[] { "alice-shop.test", "bob-shop.test", "unmapped-shop.test" })
            await RouteAsync(await ZoneAsync(zone), $"{zone}/*", dispatcher);
        await MapAsync("alice-shop.test", a);
        await MapAsync("bob-shop.test", b);

        Assert.Equal((HttpStatusCode.OK, $"{a} got alice-shop.test/"), await Get("alice-shop.test", "/"));
        Assert.Equal((HttpStatusCode.OK, $"{b} got bob-shop.test/x"), await Get("bob-shop.test", "/x"));
        Assert.Equal(((HttpStatusCode)421, "no customer for unmapped-shop.test"), await Get("unmapped-shop.test", "/"));

        // A mapping changed in KV takes effect on the next request: the platform moves a hostname between customers.
        await MapAsync("alice-shop.test", b);
        Assert.Equal((HttpStatusCode.OK, $"{b} got alice-shop.test/"), await Get("alice-shop.test", "/"));
    }
}
