using System.Net;
using System.Text.Json;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>
/// Dynamic dispatch end to end: a dispatcher deployed through the API runs user workers of a dispatch namespace,
/// requested through the edge.
/// </summary>
public sealed class DispatchTests(DispatchFixture fixture) : IClassFixture<DispatchFixture>
{
    private TestServer Server => fixture.Server;
    private string Ns => fixture.Namespace;

    private const string Hello = "export default { fetch(request) { return new Response('hello from ' + new URL(request.url).pathname); } };";

    private Task<HttpResponseMessage> Dispatch(string query, string path = "/", string dispatcher = DispatchFixture.Dispatcher) =>
        DispatchSites.GetAsync(Server, dispatcher, path + "?" + query);

    private static async Task<(HttpStatusCode Status, string Body)> Read(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scripts_are_looked_up_per_request_from_deploy_to_delete_by_tag()
    {
        var script = DispatchSites.Unique("cust");
        Assert.Equal((HttpStatusCode.NotFound, "Worker not found."), await Read(Dispatch($"script={script}")));

        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, Hello, tags: ["customer-7"]);
        Assert.Equal((HttpStatusCode.OK, "hello from /page"), await Read(Dispatch($"script={script}", "/page")));

        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script,
            "export default { fetch() { return new Response('version two'); } };", tags: ["customer-7"]);
        Assert.Equal((HttpStatusCode.OK, "version two"), await Read(Dispatch($"script={script}")));

        (await Server.Api.SendApiAsync(HttpMethod.Delete,
            $"{Server.AccountPath}/workers/dispatch/namespaces/{Ns}/scripts?tags=customer-7:yes")).AssertOk();
        Assert.Equal((HttpStatusCode.NotFound, "Worker not found."), await Read(Dispatch($"script={script}")));
    }

    [Fact]
    public async Task Whole_and_streamed_user_responses_pass_through_the_dispatcher_unchanged()
    {
        // A whole body goes to the dispatcher as bytes, a streamed one as a host stream: both must arrive as sent.
        var whole = DispatchSites.Unique("whole");
        var streamed = DispatchSites.Unique("stream");
        var empty = DispatchSites.Unique("empty");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, whole,
            "export default { fetch() { return Response.json({ big: 'x'.repeat(100000) }, { status: 201, headers: { 'x-user': 'yes' } }); } };");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, streamed, """
            export default { fetch() {
              const chunks = ['one,', 'two,', 'three'];
              return new Response(new ReadableStream({ pull(c) { chunks.length ? c.enqueue(new TextEncoder().encode(chunks.shift())) : c.close(); } }));
            } };
            """);
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, empty, "export default { fetch() { return new Response(null, { status: 204 }); } };");

        using (var response = await Dispatch($"script={whole}"))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("yes", response.Headers.GetValues("x-user").Single());
            Assert.Equal(100000, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("big").GetString()!.Length);
        }
        Assert.Equal((HttpStatusCode.OK, "one,two,three"), await Read(Dispatch($"script={streamed}")));
        Assert.Equal((HttpStatusCode.NoContent, ""), await Read(Dispatch($"script={empty}")));
    }

    [Fact]
    public async Task A_forwarded_request_keeps_its_headers_and_the_dispatcher_can_change_the_answers()
    {
        var user = DispatchSites.Unique("hdrs");
        var dispatcher = DispatchSites.Unique("changer");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, user, """
            export default { fetch(request) {
              return Response.json({ custom: request.headers.get("x-custom"), ip: request.headers.get("cf-connecting-ip") },
                { headers: { "x-user": "yes" } });
            } };
            """);
        await DispatchSites.DeployAccountWorkerAsync(Server, dispatcher, $$"""
            export default { async fetch(request, env) {
              const response = await env.NS.get("{{user}}").fetch(request);
              response.headers.append("x-dispatcher", "added");
              return response;
            } };
            """, DispatchSites.DispatchBinding("NS", Ns));

        using var response = await EdgeSites.GetAsync(Server, EdgeSites.Host(dispatcher), "/", headers => headers.Add("X-Custom", "one, two"));

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("one, two", "127.0.0.1"), (json.GetProperty("custom").GetString(), json.GetProperty("ip").GetString()));
        Assert.Equal("yes", response.Headers.GetValues("x-user").Single());
        Assert.Equal("added", response.Headers.GetValues("x-dispatcher").Single());
    }

    [Fact]
    public async Task A_cpu_overrun_rejects_the_dispatchers_fetch_while_other_customers_and_requests_go_on()
    {
        var looper = DispatchSites.Unique("loop");
        var other = DispatchSites.Unique("other");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, looper,
            "export default { fetch(request) { if (new URL(request.url).pathname === '/spin') { while (true) {} } return new Response('still here'); } };");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, other, Hello);

        var spinning = Read(Dispatch($"script={looper}&cpu=50", "/spin"));
        var meanwhile = await Read(Dispatch($"script={other}", "/parallel"));
        Assert.Equal((HttpStatusCode.OK, "hello from /parallel"), meanwhile);
        Assert.Equal(((HttpStatusCode)429, "Worker exceeded CPU time limit."), await spinning);

        Assert.Equal((HttpStatusCode.OK, "still here"), await Read(Dispatch($"script={looper}&cpu=50", "/again")));
    }

    [Fact]
    public async Task A_memory_overrun_rejects_with_the_memory_message_and_the_worker_reloads()
    {
        var bomb = DispatchSites.Unique("bomb");
        // The isolate counts what it served: the one after the bomb has served nothing before.
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, bomb, """
            let served = 0;
            export default {
              fetch(request) {
                if (new URL(request.url).pathname === '/bomb') { const keep = []; while (true) keep.push(new Array(100000).fill(keep.length)); }
                return new Response(`isolate served ${++served}`);
              }
            };
            """);
        Assert.Equal((HttpStatusCode.OK, "isolate served 1"), await Read(Dispatch($"script={bomb}", "/before")));
        Assert.Equal((HttpStatusCode.OK, "isolate served 2"), await Read(Dispatch($"script={bomb}", "/before")));
        Assert.Equal((HttpStatusCode.InternalServerError, "Worker exceeded memory limit."), await Read(Dispatch($"script={bomb}", "/bomb")));
        Assert.Equal((HttpStatusCode.OK, "isolate served 1"), await Read(Dispatch($"script={bomb}", "/after")));
    }

    [Fact]
    public async Task A_subrequest_overrun_ends_the_user_worker_at_once()
    {
        var storm = DispatchSites.Unique("storm");
        // Catching every rejection must not keep it going: the invocation ends at the sixth fetch.
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, storm, $$"""
            export default {
              async fetch(request) {
                const count = Number(new URL(request.url).searchParams.get("n"));
                let ok = 0;
                for (let i = 0; i < count; i++) { try { await fetch("{{DispatchSites.LoopbackUrl(Server)}}"); ok++; } catch {} }
                return new Response(`made ${ok}`);
              }
            };
            """);
        Assert.Equal((HttpStatusCode.OK, "made 5"), await Read(Dispatch($"script={storm}&sub=5&n=5")));
        Assert.Equal((HttpStatusCode.InternalServerError, "Too many subrequests."), await Read(Dispatch($"script={storm}&sub=5&n=1000")));
        Assert.Equal((HttpStatusCode.OK, "made 5"), await Read(Dispatch($"script={storm}&sub=5&n=5")));
    }

    [Fact]
    public async Task Uncaught_limit_errors_are_1102_and_uncaught_exceptions_carry_the_user_workers_message()
    {
        var script = DispatchSites.Unique("fails");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, """
            export default {
              fetch(request) {
                if (new URL(request.url).pathname === '/spin') { while (true) {} }
                throw new Error('customer bug');
              }
            };
            """);
        using (var limit = await Dispatch($"script={script}&cpu=20&uncaught", "/spin"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, limit.StatusCode);
            Assert.Contains("Error 1102", await limit.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.InternalServerError, "customer bug"), await Read(Dispatch($"script={script}", "/throw")));
        using var thrown = await Dispatch($"script={script}&uncaught", "/throw");
        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
        Assert.Contains("Error 1101", await thrown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_validates_the_custom_limits()
    {
        var script = DispatchSites.Unique("valid");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, Hello);
        Assert.Equal((HttpStatusCode.InternalServerError, "limits.cpuMs must be a positive number."), await Read(Dispatch($"script={script}&cpu=0")));
        Assert.Equal((HttpStatusCode.InternalServerError, "limits.cpuMs must be a positive number."), await Read(Dispatch($"script={script}&cpu=abc")));
        Assert.Equal((HttpStatusCode.InternalServerError, "limits.subRequests must be a non-negative integer."), await Read(Dispatch($"script={script}&sub=1.5")));
        Assert.Equal((HttpStatusCode.InternalServerError, "limits.subRequests must be a non-negative integer."), await Read(Dispatch($"script={script}&sub=-1")));
        Assert.Equal((HttpStatusCode.OK, "hello from /"), await Read(Dispatch($"script={script}&cpu=1000&sub=0")));
    }

    [Fact]
    public async Task The_outbound_worker_gets_every_user_worker_fetch_with_only_the_declared_params()
    {
        var script = DispatchSites.Unique("egress");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, $$"""
            export default {
              async fetch(request) {
                const target = new URL(request.url).pathname === '/blocked' ? '{{DispatchFixture.BlockedUrl}}/x' : '{{DispatchSites.LoopbackUrl(Server)}}';
                const response = await fetch(target);
                return new Response(`${response.status} ${await response.text()}`);
              }
            };
            """);
        Assert.Equal((HttpStatusCode.OK, "403 blocked for acme own=mine undeclared=undefined"),
            await Read(Dispatch($"script={script}&customer=acme", "/blocked", DispatchFixture.OutboundDispatcher)));
        Assert.Equal((HttpStatusCode.OK, "200 outbound saw 200: ok"),
            await Read(Dispatch($"script={script}&customer=acme", "/open", DispatchFixture.OutboundDispatcher)));

        // Without an outbound worker on the binding, the same fetch goes to the network.
        Assert.Equal((HttpStatusCode.OK, "200 ok"), await Read(Dispatch($"script={script}", "/open")));
    }

    [Fact]
    public async Task Fetches_through_the_outbound_worker_count_against_the_user_workers_subrequest_limit()
    {
        var script = DispatchSites.Unique("counted");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, $$"""
            export default {
              async fetch() {
                for (let i = 0; i < 3; i++) await fetch('{{DispatchFixture.BlockedUrl}}/' + i);
                return new Response('three fetches');
              }
            };
            """);
        Assert.Equal((HttpStatusCode.OK, "three fetches"), await Read(Dispatch($"script={script}&sub=3", "/", DispatchFixture.OutboundDispatcher)));
        Assert.Equal((HttpStatusCode.InternalServerError, "Too many subrequests."),
            await Read(Dispatch($"script={script}&sub=2", "/", DispatchFixture.OutboundDispatcher)));
    }

    [Fact]
    public async Task Request_cf_is_shown_to_the_dispatcher_and_trusted_namespaces_only()
    {
        const string ShowCf = "export default { fetch(request) { return Response.json({ cf: request.cf ?? null, defined: request.cf !== undefined }); } };";
        var script = DispatchSites.Unique("cf");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, ShowCf);
        await DispatchSites.DeployUserWorkerAsync(Server, fixture.TrustedNamespace, script, ShowCf);

        var (_, own) = await Read(Dispatch("self-cf"));
        var cf = JsonDocument.Parse(own).RootElement.GetProperty("cf");
        Assert.Equal("LOCAL", cf.GetProperty("colo").GetString());
        Assert.Equal("HTTP/1.1", cf.GetProperty("httpProtocol").GetString());

        var (_, untrusted) = await Read(Dispatch($"script={script}"));
        Assert.False(JsonDocument.Parse(untrusted).RootElement.GetProperty("defined").GetBoolean());

        var (_, trusted) = await Read(Dispatch($"script={script}&binding=TRUSTED"));
        Assert.Equal("LOCAL", JsonDocument.Parse(trusted).RootElement.GetProperty("cf").GetProperty("colo").GetString());
    }

    [Fact]
    public async Task A_dispatched_request_meets_the_user_workers_assets_first()
    {
        var site = DispatchSites.Unique("site");
        await DispatchSites.DeployUserSiteAsync(Server, Ns, site, [new("/index.html", "<h1>customer home</h1>"), new("/app.js", "1+1")],
            "export default { fetch(request) { return new Response('worker got ' + new URL(request.url).pathname); } };");
        Assert.Equal((HttpStatusCode.OK, "<h1>customer home</h1>"), await Read(Dispatch($"script={site}", "/")));
        using (var js = await Dispatch($"script={site}", "/app.js"))
        {
            Assert.Equal("1+1", await js.Content.ReadAsStringAsync());
            Assert.Equal("public, max-age=0, must-revalidate", js.Headers.NonValidated["Cache-Control"].ToString());
        }
        Assert.Equal((HttpStatusCode.OK, "worker got /api/x"), await Read(Dispatch($"script={site}", "/api/x")));

        var staticOnly = DispatchSites.Unique("static");
        await DispatchSites.DeployUserSiteAsync(Server, Ns, staticOnly, [new("/index.html", "only assets")], code: null);
        Assert.Equal((HttpStatusCode.OK, "only assets"), await Read(Dispatch($"script={staticOnly}", "/")));
        Assert.Equal(HttpStatusCode.NotFound, (await Read(Dispatch($"script={staticOnly}", "/missing"))).Status);
    }

    [Fact]
    public async Task A_user_worker_dispatching_to_itself_hits_the_loop_limit()
    {
        var script = DispatchSites.Unique("self");
        await DispatchSites.DeployUserWorkerAsync(Server, Ns, script, $$"""
            export default {
              fetch(request, env) { return env.SELF_NS.get("{{script}}").fetch(request); }
            };
            """, bindings: [DispatchSites.DispatchBinding("SELF_NS", Ns)]);
        using var response = await Dispatch($"script={script}&uncaught");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Error 1019", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Loop protection: more than 16 nested worker invocations end with the 1019 page.</summary>
public sealed class NestingLimitTests(DispatchFixture fixture) : IClassFixture<DispatchFixture>
{
    [Fact]
    public async Task An_account_worker_calling_itself_through_a_service_binding_hits_1019()
    {
        var script = DispatchSites.Unique("recurse");
        await DispatchSites.DeployAccountWorkerAsync(fixture.Server, script,
            "export default { fetch(request, env) { return env.SELF.fetch(request); } };",
            new { type = "service", name = "SELF", service = script });
        using var response = await DispatchSites.GetAsync(fixture.Server, script, "/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Error 1019", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sixteen_levels_of_dispatch_are_allowed_and_the_seventeenth_is_not()
    {
        // A user worker that dispatches to itself until the depth header says stop: the dispatcher is level 0.
        var script = DispatchSites.Unique("depth");
        await DispatchSites.DeployUserWorkerAsync(fixture.Server, fixture.Namespace, script, $$"""
            export default {
              fetch(request, env) {
                const left = Number(new URL(request.url).searchParams.get("levels")) - 1;
                if (left === 0) return new Response("bottom");
                const url = new URL(request.url);
                url.searchParams.set("levels", String(left));
                return env.SELF_NS.get("{{script}}").fetch(url);
              }
            };
            """, bindings: [DispatchSites.DispatchBinding("SELF_NS", fixture.Namespace)]);
        using (var deepest = await DispatchSites.GetAsync(fixture.Server, DispatchFixture.Dispatcher, $"/?script={script}&levels=16&uncaught"))
            Assert.Equal("bottom", await deepest.Content.ReadAsStringAsync());
        using var tooDeep = await DispatchSites.GetAsync(fixture.Server, DispatchFixture.Dispatcher, $"/?script={script}&levels=17&uncaught");
        Assert.Contains("Error 1019", await tooDeep.Content.ReadAsStringAsync());
    }
}
