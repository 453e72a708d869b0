using Switchyard.Engine;
using Switchyard.Runtime.Image;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Tests;

public class InstanceTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task WaitUntil_work_completes_after_the_response()
    {
        // The waitUntil work ends only when a second request releases it, so no machine is too slow for the check.
        var worker = await _fixture.DeployAsync("later", """
            let release;
            export default { fetch(req, env, ctx) {
              if (new URL(req.url).pathname === "/release") { release(); return new Response("released"); }
              ctx.waitUntil(new Promise((resolve) => { release = resolve; }).then(() => console.log("after")));
              return new Response("now");
            } };
            """);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("now", body);
        Assert.DoesNotContain(_fixture.Logs, l => l.Message == "after");
        Assert.Equal("released", (await _fixture.FetchAsync(worker, "https://example.com/release")).Body);
        for (int i = 0; i < 50 && !_fixture.Logs.Any(l => l.Message == "after"); i++) await Task.Delay(50);
        Assert.Contains(_fixture.Logs, l => l is { ScriptName: "later", Message: "after" });
    }

    [Fact]
    public async Task The_start_up_snapshot_was_made_after_a_warm_up_request_through_invoke()
    {
        // Without it, every cold start compiles the request path first (milliseconds); nothing else would notice.
        using var isolate = new JsIsolate(RuntimeImage.Instance);
        JsContext context = await isolate.CreateContextAsync();

        string outcome = await context.RunAsync(c =>
        {
            JsValue @internal = c.Get(c.Global, "__switchyard_internal");
            return Task.FromResult(c.Call(c.Get(@internal, "warmUpOutcome"), @internal).AsString());
        });

        Assert.Equal("ok", outcome);
    }

    /// <summary>A worker that answers how many requests its isolate has served: a fresh isolate answers 1.</summary>
    private const string Counter = "let n = 0; export default { fetch() { return new Response(String(++n)); } };";

    private static async Task<((Storage.Scripts.WorkerRef, Storage.Scripts.DeployedVersion) A,
        (Storage.Scripts.WorkerRef, Storage.Scripts.DeployedVersion) B, (Storage.Scripts.WorkerRef, Storage.Scripts.DeployedVersion) C)>
        DeployCountersAsync(RuntimeFixture fixture) =>
        (await fixture.DeployAsync("a", Counter), await fixture.DeployAsync("b", Counter), await fixture.DeployAsync("c", Counter));

    [Fact]
    public async Task Past_the_instance_limit_the_least_requested_idle_instance_is_unloaded()
    {
        using var fixture = new RuntimeFixture(new Invocation.RuntimeOptions { MaxInstances = 2 });
        var (a, b, c) = await DeployCountersAsync(fixture);

        Assert.Equal("1", (await fixture.FetchAsync(a)).Body);
        Assert.Equal("2", (await fixture.FetchAsync(a)).Body);
        Assert.Equal("3", (await fixture.FetchAsync(a)).Body);
        Assert.Equal("1", (await fixture.FetchAsync(b)).Body);  // b is the more recently used, a the more requested
        Assert.Equal("1", (await fixture.FetchAsync(c)).Body);  // a third instance: b goes, not a
        Assert.Equal("4", (await fixture.FetchAsync(a)).Body);  // a kept its isolate and its state
        Assert.Equal("1", (await fixture.FetchAsync(b)).Body);  // b starts over in a fresh isolate
    }

    [Fact]
    public async Task A_cold_start_whose_client_left_leaves_its_instance_evictable()
    {
        using var fixture = new RuntimeFixture(new Invocation.RuntimeOptions { MaxInstances = 1 });
        var slow = await fixture.DeployAsync("slow", "let x = 0; for (let i = 0; i < 2e7; i++) x += i; " + Counter);
        var (_, b, _) = await DeployCountersAsync(fixture);

        // The client is gone before the cold start ends: the request fails, the load goes on and warms the cache.
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fixture.Runtime.FetchAsync(slow.Worker, slow.Version, new Invocation.WorkerRequest("GET", "https://w.test/", [], null), gone.Token));
        for (int i = 0; i < 300 && !fixture.Runtime.WarmInstances().Any(w => w.Worker.ScriptName == "slow"); i++) await Task.Delay(100);
        Assert.Contains(fixture.Runtime.WarmInstances(), w => w.Worker.ScriptName == "slow");

        // Nothing holds it, so the one-instance limit evicts it for b (held by the abandoned request, it stayed forever).
        for (int i = 0; i < 50; i++)
        {
            await fixture.FetchAsync(b);
            if (fixture.Runtime.WarmInstances().All(w => w.Worker.ScriptName == "b")) break;
            await Task.Delay(100);
        }
        Assert.Equal(["b"], fixture.Runtime.WarmInstances().Select(w => w.Worker.ScriptName));
    }

    [Fact]
    public async Task Among_equally_requested_instances_the_least_recently_used_goes()
    {
        using var fixture = new RuntimeFixture(new Invocation.RuntimeOptions { MaxInstances = 2 });
        var (a, b, c) = await DeployCountersAsync(fixture);

        Assert.Equal("1", (await fixture.FetchAsync(a)).Body);
        Assert.Equal("1", (await fixture.FetchAsync(b)).Body);
        Assert.Equal("1", (await fixture.FetchAsync(c)).Body);  // a and b were requested once each: a, the older, goes
        Assert.Equal("2", (await fixture.FetchAsync(b)).Body);
        Assert.Equal("1", (await fixture.FetchAsync(a)).Body);
    }

    [Fact]
    public async Task Past_the_memory_budget_idle_instances_are_unloaded()
    {
        // A budget of three isolates' fixed margin, less than one instance's heap: an idle instance goes as soon as
        // another one loads.
        using var fixture = new RuntimeFixture(new Invocation.RuntimeOptions { InstanceMemoryBudgetBytes = 3 * Runtime.Workers.WorkerInstance.IsolateOverheadBytes });
        var workers = new List<(Storage.Scripts.WorkerRef Worker, Storage.Scripts.DeployedVersion Version)>();
        for (int i = 0; i < 4; i++) workers.Add(await fixture.DeployAsync($"m{i}", Counter));

        foreach (var worker in workers) Assert.Equal("1", (await fixture.FetchAsync(worker)).Body);
        // The first ones were evicted as the later ones loaded: they start over.
        Assert.Equal("1", (await fixture.FetchAsync(workers[0])).Body);
    }

    [Fact]
    public async Task A_lowered_memory_budget_unloads_idle_instances_at_once()
    {
        // What a worker host does when the server moves part of its share of the warm budget to another host.
        using var fixture = new RuntimeFixture(new Invocation.RuntimeOptions());
        var workers = new List<(Storage.Scripts.WorkerRef Worker, Storage.Scripts.DeployedVersion Version)>();
        for (int i = 0; i < 3; i++) workers.Add(await fixture.DeployAsync($"b{i}", Counter));
        foreach (var worker in workers) Assert.Equal("1", (await fixture.FetchAsync(worker)).Body);
        Assert.Equal(3, fixture.Runtime.WarmInstances().Count());

        fixture.Runtime.WarmMemoryBudgetBytes = Runtime.Workers.WorkerInstance.IsolateOverheadBytes;

        Assert.Empty(fixture.Runtime.WarmInstances());  // no request needed to trim: every instance was idle
        Assert.Equal("1", (await fixture.FetchAsync(workers[0])).Body);
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Runtime.WarmMemoryBudgetBytes = 0);
    }

    [Fact]
    public async Task Two_versions_of_one_script_are_served_side_by_side()
    {
        var v1 = await _fixture.DeployAsync("versioned", """export default { fetch: () => new Response("v1") };""");
        var v2 = await _fixture.DeployAsync("versioned", """export default { fetch: () => new Response("v2") };""");

        var results = await Task.WhenAll(_fixture.FetchAsync(v1), _fixture.FetchAsync(v2), _fixture.FetchAsync(v1));

        Assert.Equal(["v1", "v2", "v1"], results.Select(r => r.Body));
    }

    [Fact]
    public async Task Scripts_do_not_share_globals()
    {
        var writer = await _fixture.DeployAsync("writer", """
            export default { fetch() { globalThis.shared = "secret"; Object.prototype.polluted = 1; return new Response("set"); } };
            """);
        var reader = await _fixture.DeployAsync("reader", """
            export default { fetch() { return new Response(`${typeof globalThis.shared}/${({}).polluted}`); } };
            """);

        await _fixture.FetchAsync(writer);

        Assert.Equal("undefined/undefined", (await _fixture.FetchAsync(reader)).Body);
    }

    [Fact]
    public async Task Kv_binding_get_put_list_delete()
    {
        var ns = await _fixture.Storage.Kv.CreateNamespaceAsync(_fixture.AccountId, "kv-" + Guid.NewGuid().ToString("N"));
        var worker = await _fixture.DeployAsync("kv", """
            export default { async fetch(req, env) {
              await env.KV.put("a", "one", { metadata: { m: 1 } });
              await env.KV.put("b", new Uint8Array([1, 2]));
              await env.KV.put("c", JSON.stringify({ j: true }), { expirationTtl: 3600 });
              const one = await env.KV.get("a");
              const meta = await env.KV.getWithMetadata("a", "text");
              const bytes = [...new Uint8Array(await env.KV.get("b", "arrayBuffer"))];
              const json = await env.KV.get("c", { type: "json" });
              const streamed = await new Response(await env.KV.get("a", "stream")).text();
              const page = await env.KV.list({ limit: 2 });
              const rest = await env.KV.list({ cursor: page.cursor });
              await env.KV.delete("a");
              const gone = await env.KV.get("a");
              return Response.json({ one, meta: meta.metadata, bytes, json, streamed,
                first: page.keys.map((k) => k.name), complete: page.list_complete, rest: rest.keys.map((k) => k.name),
                restComplete: rest.list_complete, expires: typeof rest.keys[0].expiration, gone });
            } };
            """, [new KvNamespaceBinding("KV", ns.Id)]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"one":"one","meta":{"m":1},"bytes":[1,2],"json":{"j":true},"streamed":"one","first":["a","b"],"complete":false,"rest":["c"],"restComplete":true,"expires":"number","gone":null}""", body);
        Assert.Null(await _fixture.Storage.Kv.GetAsync(ns.Id, "a"));
        Assert.Equal([1, 2], (await _fixture.Storage.Kv.GetAsync(ns.Id, "b"))!.Value);
    }

    [Fact]
    public async Task Kv_binding_to_another_accounts_namespace_is_not_bound()
    {
        var foreign = await _fixture.Storage.Kv.CreateNamespaceAsync(_fixture.CreateAccount(), "foreign");
        var worker = await _fixture.DeployAsync("kv-foreign", """
            export default { fetch: (req, env) => new Response(String(env.KV)) };
            """, [new KvNamespaceBinding("KV", foreign.Id)]);

        Assert.Equal("undefined", (await _fixture.FetchAsync(worker)).Body);
    }
}
