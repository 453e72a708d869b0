using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>Assets-only deployments served by the edge over real HTTP, deployed through the real API.</summary>
public sealed class AssetSiteTests(TestServer server) : IClassFixture<TestServer>
{
    private static List<AssetFile> Site(string tag) =>
    [
        new("/index.html", $"<!doctype html><h1>home {tag}</h1>"),
        new("/docs/index.html", $"<h1>docs {tag}</h1>"),
        new("/css/site.css", $"body{{color:red}} /* {tag} */"),
        new("/logo.svg", $"<svg xmlns='http://www.w3.org/2000/svg'><!-- {tag} --></svg>"),
    ];

    private static readonly object RulesConfig = new
    {
        _redirects = "/old /docs/ 301\n",
        _headers = "/css/*\n  X-Style-Rule: on\n  Cache-Control: public, max-age=31536000\n",
    };

    [Fact]
    public async Task Pages_are_served_with_etag_cache_control_and_content_type()
    {
        var files = Site("pages");
        await EdgeSites.DeployAsync(server, "pages", files);
        var host = EdgeSites.Host("pages");

        using var home = await EdgeSites.GetAsync(server, host, "/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("<!doctype html><h1>home pages</h1>", await home.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", home.Content.Headers.ContentType!.ToString());
        Assert.Equal($"\"{files[0].Hash}\"", home.Headers.ETag!.ToString());
        Assert.Equal("public, max-age=0, must-revalidate", home.Headers.NonValidated["Cache-Control"].ToString());

        using var docs = await EdgeSites.GetAsync(server, host.ToUpperInvariant() + ":8080", "/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("<h1>docs pages</h1>", await docs.Content.ReadAsStringAsync());

        using var canonical = await EdgeSites.GetAsync(server, host, "/docs/index.html");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, canonical.StatusCode);
        Assert.Equal("/docs/", canonical.Headers.Location!.OriginalString);

        using var svg = await EdgeSites.GetAsync(server, host, "/logo.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.ToString());

        using var missing = await EdgeSites.GetAsync(server, host, "/nope.png");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_none_match_gives_304_and_head_gives_headers_without_a_body()
    {
        var files = Site("conditional");
        await EdgeSites.DeployAsync(server, "conditional", files);
        var host = EdgeSites.Host("conditional");

        using var notModified = await EdgeSites.GetAsync(server, host, "/css/site.css",
            h => h.TryAddWithoutValidation("If-None-Match", $"\"{files[2].Hash}\""));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var changed = await EdgeSites.GetAsync(server, host, "/css/site.css",
            h => h.TryAddWithoutValidation("If-None-Match", "\"someotherhash\""));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var head = await EdgeSites.SendAsync(server, HttpMethod.Head, host, "/css/site.css");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(files[2].Content.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var post = await EdgeSites.SendAsync(server, HttpMethod.Post, host, "/css/site.css", content: new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Redirects_and_headers_rules_apply()
    {
        await EdgeSites.DeployAsync(server, "rules", Site("rules"), RulesConfig);
        var host = EdgeSites.Host("rules");

        using var old = await EdgeSites.GetAsync(server, host, "/old?from=bookmark");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/docs/?from=bookmark", old.Headers.Location!.OriginalString);

        using var css = await EdgeSites.GetAsync(server, host, "/css/site.css");
        Assert.Equal("on", css.Headers.GetValues("X-Style-Rule").Single());
        Assert.Equal("public, max-age=31536000", css.Headers.NonValidated["Cache-Control"].ToString());

        using var home = await EdgeSites.GetAsync(server, host, "/");
        Assert.False(home.Headers.Contains("X-Style-Rule"));
    }

    [Fact]
    public async Task Single_page_application_answers_unknown_paths_with_the_index()
    {
        var files = Site("spa");
        await EdgeSites.DeployAsync(server, "spa", files, new { not_found_handling = "single-page-application" });

        using var route = await EdgeSites.GetAsync(server, EdgeSites.Host("spa"), "/app/settings/profile",
            h => { h.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate"); h.Accept.ParseAdd("text/html"); });
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal("<!doctype html><h1>home spa</h1>", await route.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_redeploy_is_served_from_the_next_request()
    {
        await EdgeSites.DeployAsync(server, "redeploy", Site("first"));
        var host = EdgeSites.Host("redeploy");
        using (var first = await EdgeSites.GetAsync(server, host, "/"))
            Assert.Equal("<!doctype html><h1>home first</h1>", await first.Content.ReadAsStringAsync());

        await EdgeSites.DeployAsync(server, "redeploy", [new("/index.html", "second"), new("/new.txt", "new file")]);
        using var second = await EdgeSites.GetAsync(server, host, "/");
        Assert.Equal("second", await second.Content.ReadAsStringAsync());
        using var added = await EdgeSites.GetAsync(server, host, "/new.txt");
        Assert.Equal("text/plain; charset=utf-8", added.Content.Headers.ContentType!.ToString());
        using var removed = await EdgeSites.GetAsync(server, host, "/docs/");
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task Healthz_answers_on_the_edge_address_but_never_shadows_a_worker()
    {
        using var health = await server.Edge.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());

        await EdgeSites.DeployAsync(server, "has-healthz", Site("has-healthz"));
        using var worker = await EdgeSites.GetAsync(server, EdgeSites.Host("has-healthz"), "/healthz");
        Assert.NotEqual("ok", await worker.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_hosts_and_disabled_subdomains_get_a_404_page_naming_the_host()
    {
        using var unknown = await EdgeSites.GetAsync(server, "nothing-here.example.org", "/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html; charset=utf-8", unknown.Content.Headers.ContentType!.ToString());
        Assert.Contains("nothing-here.example.org", await unknown.Content.ReadAsStringAsync());

        await EdgeSites.DeployAsync(server, "hidden", Site("hidden"));
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/scripts/hidden/subdomain")).AssertOk();
        using var hidden = await EdgeSites.GetAsync(server, EdgeSites.Host("hidden"), "/");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        string hiddenPage = await hidden.Content.ReadAsStringAsync();
        Assert.Contains($"The Worker at {EdgeSites.Host("hidden")} is not enabled on its workers subdomain.", hiddenPage);
        Assert.DoesNotContain("No Worker is deployed", hiddenPage);
        Assert.Contains("No Worker is deployed at nothing-here.example.org", await (await EdgeSites.GetAsync(server, "nothing-here.example.org", "/")).Content.ReadAsStringAsync());
        Assert.Contains("No Worker is deployed at never-deployed.dev.workers.localhost",
            await (await EdgeSites.GetAsync(server, "never-deployed.dev.workers.localhost", "/")).Content.ReadAsStringAsync());

        using var otherAccount = await EdgeSites.GetAsync(server, "pages.someone-else.workers.localhost", "/");
        Assert.Equal(HttpStatusCode.NotFound, otherAccount.StatusCode);
        using var tooDeep = await EdgeSites.GetAsync(server, "a.hidden.dev.workers.localhost", "/");
        Assert.Equal(HttpStatusCode.NotFound, tooDeep.StatusCode);
    }

    [Fact]
    public async Task Zone_routes_send_each_url_to_the_most_specific_routes_script()
    {
        await EdgeSites.DeployAsync(server, "zone-site", [new("/index.html", "site home"), new("/api/x", "site api")]);
        await EdgeSites.DeployAsync(server, "zone-api", [new("/api/x", "api x")]);
        var zone = (await server.Api.SendJsonAsync(HttpMethod.Post, "zones",
            new { name = "edge-routes.example", account = new { id = TestServer.AccountId } })).AssertOk()!;
        var routes = $"zones/{(string)zone["id"]!}/workers/routes";
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = "*edge-routes.example/*", script = "zone-site" })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = "edge-routes.example/api/*", script = "zone-api" })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = "edge-routes.example/static/*" })).AssertOk();

        async Task<(HttpStatusCode, string)> Get(string host, string path)
        {
            using var response = await EdgeSites.GetAsync(server, host, path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.OK, "api x"), await Get("edge-routes.example", "/api/x"));
        Assert.Equal((HttpStatusCode.OK, "site home"), await Get("EDGE-ROUTES.example:443", "/"));
        Assert.Equal((HttpStatusCode.OK, "site api"), await Get("www.edge-routes.example", "/api/x"));
        var (status, page) = await Get("edge-routes.example", "/static/app.js");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("edge-routes.example", page);
    }
}
