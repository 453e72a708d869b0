using System.Net;
using System.Text.Json;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>
/// Customers of one namespace, dispatched by the fixture's dispatcher, trying to reach each other's state: globals, module
/// state, KV and static assets. Each gets nothing but its own.
/// </summary>
public sealed class IsolationTests(DispatchFixture fixture) : IClassFixture<DispatchFixture>
{
    private TestServer Server => fixture.Server;

    private async Task<(HttpStatusCode Status, string Body)> Dispatch(string script, string path)
    {
        var query = path.Contains('?') ? "&" : "?";
        using var response = await DispatchSites.GetAsync(Server, DispatchFixture.Dispatcher, $"{path}{query}script={script}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_code_in_two_customers_shares_no_globals_or_module_state()
    {
        // Both customers run this very code: any state it keeps (a global, a module variable, a prototype patch) would
        // show up in the other if they shared an isolate or a context.
        const string code = """
            let hits = 0;
            export default {
              fetch(request) {
                hits++;
                const v = new URL(request.url).searchParams.get("set");
                if (v !== null) { globalThis.secret = v; Array.prototype.leak = v; }
                return Response.json({ hits, secret: globalThis.secret ?? null, leak: [].leak ?? null });
              }
            };
            """;
        var a = DispatchSites.Unique("iso-a");
        var b = DispatchSites.Unique("iso-b");
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, a, code);
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, b, code);

        await Dispatch(a, "/?set=alice-token");
        await Dispatch(a, "/");
        var (_, own) = await Dispatch(a, "/");
        Assert.Equal("""{"hits":3,"secret":"alice-token","leak":"alice-token"}""", own);
        var (_, other) = await Dispatch(b, "/");
        Assert.Equal("""{"hits":1,"secret":null,"leak":null}""", other);
    }

    [Fact]
    public async Task A_customer_without_a_binding_to_anothers_kv_namespace_cannot_reach_it()
    {
        var kv = (string)(await Server.Api.SendJsonAsync(HttpMethod.Post, $"{Server.AccountPath}/storage/kv/namespaces",
            new { title = DispatchSites.Unique("alice-kv") })).AssertOk()!["id"]!;
        using (var put = await Server.Api.PutAsync($"{Server.AccountPath}/storage/kv/namespaces/{kv}/values/card", new StringContent("4242")))
            put.EnsureSuccessStatusCode();

        var a = DispatchSites.Unique("kv-a");
        var b = DispatchSites.Unique("kv-b");
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, a,
            "export default { async fetch(request, env) { return new Response(await env.STORE.get('card')); } };",
            bindings: [new { type = "kv_namespace", name = "STORE", namespace_id = kv }]);
        // B knows the binding name and the namespace id, and looks everywhere a binding or a host hook could be.
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.Namespace, b, $$"""
            export default {
              async fetch(request, env) {
                const found = [];
                for (const key of Object.getOwnPropertyNames(env)) found.push("env." + key);
                if (env.STORE !== undefined) found.push("env.STORE");
                for (const key of Object.getOwnPropertyNames(globalThis))
                  if (/kv|store|{{kv}}/i.test(key)) found.push("globalThis." + key);
                return Response.json(found);
              }
            };
            """);

        Assert.Equal((HttpStatusCode.OK, "4242"), await Dispatch(a, "/"));
        Assert.Equal((HttpStatusCode.OK, "[]"), await Dispatch(b, "/"));
    }

    [Fact]
    public async Task A_customers_assets_are_served_to_that_customer_only()
    {
        var a = DispatchSites.Unique("assets-a");
        var b = DispatchSites.Unique("assets-b");
        // Each customer's index.html differs by a marker, so the two manifests share no hash.
        await DispatchSites.DeployUserSiteAsync(Server, fixture.Namespace, a,
            [new("/index.html", "<h1>shared template</h1>" + Marker(a)), new("/private/report.txt", "alice's numbers")],
            "export default { fetch(request, env) { return env.ASSETS.fetch(request); } };", bindings: [AssetsBinding]);
        await DispatchSites.DeployUserSiteAsync(Server, fixture.Namespace, b,
            [new("/index.html", "<h1>shared template</h1>" + Marker(b))], """
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                const asked = await env.ASSETS.fetch(new URL(url.searchParams.get("path"), url));
                return new Response(`${asked.status} ${await asked.text()}`);
              }
            };
            """, bindings: [AssetsBinding]);

        Assert.Equal((HttpStatusCode.OK, "alice's numbers"), await Dispatch(a, "/private/report.txt"));
        // B's own dispatch path: its assets are looked up first and have no such file; its worker then asks its own
        // ASSETS binding, which has none either.
        var (status, asked) = await Dispatch(b, "/private/report.txt?path=/private/report.txt");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("404 ", asked);
        Assert.DoesNotContain("alice's numbers", asked);
        var (_, home) = await Dispatch(b, "/");
        Assert.Contains(Marker(b), home);
        Assert.DoesNotContain(Marker(a), home);
    }

    private static readonly object AssetsBinding = new { type = "assets", name = "ASSETS" };

    private static string Marker(string customer) => $"<!-- {customer} -->";
}
