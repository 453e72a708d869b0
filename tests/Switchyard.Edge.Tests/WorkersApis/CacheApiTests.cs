using System.Net;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// The Cache API through the edge and through a dispatcher: a response put in <c>caches.default</c> is served again
/// without running its origin (a service-bound worker that counts its invocations); Cache-Control, Set-Cookie,
/// conditional and range requests and <c>delete</c> behave as on Cloudflare; Cloudflare's argument errors; and in an
/// untrusted namespace each user worker has a cache of its own, with <c>caches.default</c> disabled.
/// </summary>
public sealed class CacheApiTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    // The origin counts its invocations; the path picks the headers it answers with.
    private const string Origin = """
        let runs = 0;
        export default {
          fetch(request) {
            runs++;
            const path = new URL(request.url).pathname;
            const headers = { 'content-type': 'text/plain', etag: '"v1"', 'last-modified': 'Wed, 02 Dec 2026 10:00:00 GMT' };
            if (path === '/no-store') headers['cache-control'] = 'no-store';
            else if (path === '/cookie') headers['set-cookie'] = 'a=1';
            else if (path === '/private-cookie') { headers['set-cookie'] = 'a=1'; headers['cache-control'] = 'private=Set-Cookie, max-age=60'; }
            else headers['cache-control'] = 'public, max-age=600';
            return new Response(`origin run ${runs} for ${path}: 0123456789`, { headers });
          }
        };
        """;

    // caches.default in front of the origin, as Cloudflare's examples use it.
    private const string Front = """
        export default {
          async fetch(request, env, ctx) {
            const url = new URL(request.url);
            const cache = url.searchParams.has('named') ? await caches.open('named') : caches.default;
            const key = new Request(url.origin + url.pathname);
            if (url.searchParams.has('delete')) return new Response(String(await cache.delete(key)));
            if (url.searchParams.has('errors')) {
              const errors = [];
              for (const attempt of [
                () => cache.put(new Request(key, { method: 'POST' }), new Response('x')),
                () => cache.put(key, new Response('x', { status: 206 })),
                () => cache.put(key, new Response('x', { headers: { vary: '*' } })),
                () => cache.put('ftp://example.com/x', new Response('x')),
              ]) { try { await attempt(); errors.push('stored'); } catch (e) { errors.push(`${e.constructor.name}: ${e.message}`); } }
              return new Response(errors.join('\n'));
            }
            const hit = await cache.match(new Request(key, { headers: request.headers }));
            if (hit) return hit;
            const response = await env.ORIGIN.fetch(key);
            ctx.waitUntil(cache.put(key, response.clone()));
            return response;
          }
        };
        """;

    private async Task<(string Front, string Origin)> DeployAsync()
    {
        string origin = DispatchSites.Unique("origin"), front = DispatchSites.Unique("front");
        await DispatchSites.DeployAccountWorkerAsync(_server, origin, Origin);
        await DispatchSites.DeployAccountWorkerAsync(_server, front, Front, new { type = "service", name = "ORIGIN", service = origin });
        return (front, origin);
    }

    /// <summary>The response once it comes from the cache: the put runs in waitUntil, so it may land just after the first response.</summary>
    private async Task<HttpResponseMessage> HitAsync(string script, string path, Action<System.Net.Http.Headers.HttpRequestHeaders>? headers = null)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(20))
        {
            HttpResponseMessage response = await Pipeline.EdgeSites.GetAsync(_server, Pipeline.EdgeSites.Host(script), path, headers);
            if (response.Headers.TryGetValues("cf-cache-status", out _) || DateTime.UtcNow > deadline) return response;
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_cached_response_is_served_again_without_running_the_origin()
    {
        var (front, _) = await DeployAsync();
        using (var first = await DispatchSites.GetAsync(_server, front, "/page"))
        {
            Assert.Equal("origin run 1 for /page: 0123456789", await first.Content.ReadAsStringAsync());
            Assert.False(first.Headers.Contains("cf-cache-status"));
        }
        using (var second = await HitAsync(front, "/page"))
        {
            Assert.Equal("origin run 1 for /page: 0123456789", await second.Content.ReadAsStringAsync());
            Assert.Equal("HIT", Assert.Single(second.Headers.GetValues("cf-cache-status")));
            Assert.Equal("\"v1\"", second.Headers.ETag!.ToString());
        }
        using (var other = await DispatchSites.GetAsync(_server, front, "/other"))
            Assert.Equal("origin run 2 for /other: 0123456789", await other.Content.ReadAsStringAsync());

        using (var notModified = await HitAsync(front, "/page", h => h.IfNoneMatch.ParseAdd("\"v1\"")))
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using (var range = await HitAsync(front, "/page", h => h.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 5)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal("origin", await range.Content.ReadAsStringAsync());
            Assert.Equal("bytes 0-5/34", range.Content.Headers.ContentRange!.ToString());
        }

        using (var deleted = await DispatchSites.GetAsync(_server, front, "/page?delete"))
            Assert.Equal("true", await deleted.Content.ReadAsStringAsync());
        using (var again = await DispatchSites.GetAsync(_server, front, "/page?delete"))
            Assert.Equal("false", await again.Content.ReadAsStringAsync());
        using (var refetched = await DispatchSites.GetAsync(_server, front, "/page"))
            Assert.Equal("origin run 3 for /page: 0123456789", await refetched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cache_control_and_set_cookie_decide_what_is_stored()
    {
        var (front, _) = await DeployAsync();
        foreach (string path in (string[])["/no-store", "/cookie"])
        {
            (await DispatchSites.GetAsync(_server, front, path)).Dispose();
            await Task.Delay(200);  // the put runs in waitUntil; give it the time it would need to land
            using var second = await DispatchSites.GetAsync(_server, front, path);
            Assert.False(second.Headers.Contains("cf-cache-status"), path);
            Assert.StartsWith("origin run ", await second.Content.ReadAsStringAsync());
        }

        (await DispatchSites.GetAsync(_server, front, "/private-cookie")).Dispose();
        using var hit = await HitAsync(front, "/private-cookie");
        Assert.Equal("HIT", Assert.Single(hit.Headers.GetValues("cf-cache-status")));
        Assert.False(hit.Headers.Contains("set-cookie"));
    }

    [Fact]
    public async Task Put_refuses_what_Cloudflare_refuses()
    {
        var (front, _) = await DeployAsync();
        using var response = await DispatchSites.GetAsync(_server, front, "/x?errors");
        Assert.Equal("""
            TypeError: Cannot cache response to non-GET request.
            TypeError: Cannot cache response to a range request (206 Partial Content).
            TypeError: Cannot cache response with 'Vary: *' header.
            TypeError: Cache keys must be http or https URLs.
            """.ReplaceLineEndings("\n"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task In_a_trusted_namespace_user_workers_share_the_default_cache()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server, trusted: true);
        string dispatcher = DispatchSites.Unique("disp");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        string a = DispatchSites.Unique("a"), b = DispatchSites.Unique("b");
        foreach (string script in (string[])[a, b])
            await DispatchSites.DeployUserWorkerAsync(_server, ns, script, $$"""
                export default {
                  async fetch() {
                    const hit = await caches.default.match('https://shared.example/item');
                    if (hit) return new Response('hit: ' + await hit.text());
                    await caches.default.put('https://shared.example/item', new Response('stored by {{script}}', { headers: { 'cache-control': 'max-age=600' } }));
                    return new Response('miss');
                  }
                };
                """);
        async Task<string> Ask(string script) => await (await DispatchSites.GetAsync(_server, dispatcher, $"/?script={script}")).Content.ReadAsStringAsync();
        Assert.Equal("miss", await Ask(a));
        Assert.Equal($"hit: stored by {a}", await Ask(b));
    }

    [Fact]
    public async Task In_an_untrusted_namespace_each_user_worker_has_its_own_cache_and_no_default_cache()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp"), origin = DispatchSites.Unique("origin");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployAccountWorkerAsync(_server, origin, Origin);
        // User workers cannot bind services: this one writes its own responses, counting its runs.
        const string user = """
            let runs = 0;
            export default {
              async fetch(request) {
                const url = new URL(request.url);
                const cache = url.searchParams.has('named') ? await caches.open('named') : caches.default;
                const key = 'https://shared.example/item';
                const hit = await cache.match(key);
                if (hit) return new Response('hit: ' + await hit.text());
                runs++;
                await cache.put(key, new Response(`stored by run ${runs}`, { headers: { 'cache-control': 'max-age=600' } }));
                return new Response(`miss ${runs}`);
              }
            };
            """;
        string a = DispatchSites.Unique("a"), b = DispatchSites.Unique("b");
        await DispatchSites.DeployUserWorkerAsync(_server, ns, a, user);
        await DispatchSites.DeployUserWorkerAsync(_server, ns, b, user);

        async Task<string> Ask(string script, string query) =>
            await (await DispatchSites.GetAsync(_server, dispatcher, $"/?script={script}{query}")).Content.ReadAsStringAsync();

        Assert.Equal("miss 1", await Ask(a, "&named"));
        Assert.Equal("hit: stored by run 1", await Ask(a, "&named"));
        Assert.Equal("miss 1", await Ask(b, "&named"));   // b does not see a's entry
        // caches.default is disabled: a put there stores nothing.
        Assert.Equal("miss 2", await Ask(a, ""));
        Assert.Equal("miss 3", await Ask(a, ""));
    }
}
