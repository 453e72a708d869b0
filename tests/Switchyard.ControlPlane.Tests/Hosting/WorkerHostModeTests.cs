using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Switchyard.WorkerHosts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;
using Switchyard.WorkerHosts.Server;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// A server with <c>--worker-hosts 2</c>: isolates run in sandboxed host processes that hold nothing of the server's
/// (no database or blob descriptor), tenants spread over them; a host killed under load fails only its own tenants'
/// requests, and they are answered again by its replacement; a host that asks beyond what it was sent to run is refused.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WorkerHostModeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestServer _server = new() { WorkerHosts = 2 };

    private const string KvWorker = """
        export default {
          async fetch(request, env) {
            await env.KV.put("seen", "yes");
            return new Response("kv " + await env.KV.get("seen") + " pid-free");
          }
        };
        """;

    private const string Dispatcher = """
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            try {
              return await env[url.searchParams.get("ns")].get(url.searchParams.get("script")).fetch(request);
            } catch (e) {
              return new Response(e.message, { status: 502 });
            }
          }
        };
        """;

    private const string UserWorker = """export default { fetch: () => new Response("user ok") };""";

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    private HostedWorkers Workers => _server.Server.EdgeServices.GetRequiredService<HostedWorkers>();

    [Fact]
    public async Task Hosts_run_workers_sandboxed_and_hold_no_descriptor_of_the_servers_data()
    {
        string ns = await CreateKvNamespaceAsync();
        await DeployAccountWorkerAsync("kvw", KvWorker, new { type = "kv_namespace", name = "KV", namespace_id = ns });
        HttpResponseMessage response = await _server.GetEdgeAsync("kvw.dev.workers.localhost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kv yes pid-free", await response.Content.ReadAsStringAsync());

        string data = Path.GetFullPath(_server.DataDir);
        for (int slot = 0; slot < Workers.Pool.Count; slot++)
        {
            int pid = Workers.Pool[slot].ProcessId;
            string status = await File.ReadAllTextAsync($"/proc/{pid}/status");
            Assert.Contains("Seccomp:\t2", status);
            Assert.Contains("NoNewPrivs:\t1", status);
            foreach (string fd in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                string? target = new FileInfo(fd).LinkTarget;
                Assert.False(target is not null && target.StartsWith(data, StringComparison.Ordinal), $"host {pid} holds {target}");
            }
        }
    }

    [Fact]
    public async Task A_host_killed_under_load_fails_only_its_tenants_and_they_are_served_again()
    {
        // The dispatcher (an account-level worker) and namespace "near" share a slot; namespace "far" is on the other.
        await DeployAccountWorkerAsync("dispatcher", Dispatcher,
            new { type = "dispatch_namespace", name = "NEAR", @namespace = await NamespaceOnSlotAsync(DispatcherSlot, "near") },
            new { type = "dispatch_namespace", name = "FAR", @namespace = await NamespaceOnSlotAsync(1 - DispatcherSlot, "far") });
        foreach (var (binding, ns) in _namespaces)
            (await _server.Api.SendApiAsync(HttpMethod.Put, $"{_server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/user",
                ScriptUploads.Module(code: UserWorker))).AssertOk();
        Assert.Equal("user ok", await GetAsync("NEAR"));
        Assert.Equal("user ok", await GetAsync("FAR"));

        WorkerHostProcess far = Workers.Pool[1 - DispatcherSlot];
        int nearErrors = 0, farErrors = 0;
        TimeSpan? farBack = null;
        Stopwatch sinceKill = new();
        var deadline = Stopwatch.StartNew();
        for (int i = 0; i < 400 && deadline.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            if (i == 100)
            {
                far.Kill();
                sinceKill.Start();
            }
            if ((await GetAsync("NEAR")) != "user ok") nearErrors++;
            bool farOk = await GetAsync("FAR") == "user ok";
            if (!farOk) farErrors++;
            else if (sinceKill.IsRunning && farBack is null && Workers.Pool[1 - DispatcherSlot] != far) farBack = sinceKill.Elapsed;
            if (farBack is not null && i > 150) break;
        }
        output.WriteLine($"far tenants' requests failed: {farErrors}; answered again {farBack?.TotalMilliseconds:0} ms after the kill");
        Assert.Equal(0, nearErrors);
        Assert.NotNull(farBack);
        Assert.Equal(1, Workers.Pool.Restarts);
    }

    [Fact]
    public async Task A_host_asking_beyond_what_it_was_sent_is_refused()
    {
        string ns = await CreateKvNamespaceAsync();
        await DeployAccountWorkerAsync("kvw", KvWorker, new { type = "kv_namespace", name = "KV", namespace_id = ns },
            new { type = "ratelimit", name = "RL", namespace_id = "4242", simple = new { limit = 5, period = 60 } });
        Assert.Equal(HttpStatusCode.OK, (await _server.GetEdgeAsync("kvw.dev.workers.localhost")).StatusCode);

        // A channel to the server's request handler with nothing granted: a host that ran no worker of this tenant.
        await using var forged = new ForgedHost(Workers.Requests);
        HostGrants grants = forged.Grants;
        HostChannel host = forged.Channel;

        string version = (await _server.Api.GetApiAsync($"{_server.AccountPath}/workers/scripts/kvw/versions")).AssertOk()!
            ["items"]![0]!["id"]!.GetValue<string>();
        var refusals = new (string Method, byte[] Head)[]
        {
            (HostMethods.Version, Encoding.UTF8.GetBytes(version)),
            (HostMethods.Kv, WireJson.Write(new KvHead("get", ns, "seen"))),
            (HostMethods.Kv, WireJson.Write(new KvHead("namespace", ns, TestServer.AccountId))),
            // A connection in the name of a tenant it does not serve, and a WebSocket nobody handed to it.
            (HostMethods.Socket, WireJson.Write(new SocketHead(Ref("kvw", null), "localhost", 80))),
            (HostMethods.WebSocket, BitConverter.GetBytes(1L)),
            (HostMethods.RateLimit, WireJson.Write(new RateLimitHead(TestServer.AccountId, "4242", 5, 60, "k"))),
        };
        foreach (var (method, head) in refusals)
        {
            // No body to end: a refusal can arrive before the caller would have ended it.
            ChannelCall call = host.Call(method, head, withoutBody: true);
            var refused = await Assert.ThrowsAsync<ChannelCallException>(() => call.Reply.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.StartsWith("Refused:", refused.Message);
        }

        // The same asks, once the version was sent to this host, are answered.
        DeployedVersion deployed = (await _server.Server.EdgeServices.GetRequiredService<IWorkerDirectory>().LoadAsync(version))!;
        WorkerRef kvw = _server.Server.EdgeServices.GetRequiredService<IWorkerDirectory>().FindAccountScript(TestServer.AccountId, "kvw")!;
        long granted = Environment.TickCount64;
        Assert.True(grants.Grant(kvw, deployed, granted));
        ChannelCall allowed = host.Call(HostMethods.Kv, WireJson.Write(new KvHead("get", ns, "seen")), withoutBody: true);
        Assert.True(WireJson.Read<KvReply>(await allowed.Reply.WaitAsync(TimeSpan.FromSeconds(10))).Found);
        ChannelCall limited = host.Call(HostMethods.RateLimit, WireJson.Write(new RateLimitHead(TestServer.AccountId, "4242", 5, 60, "k")), withoutBody: true);
        Assert.True(WireJson.Read<RateLimitReply>(await limited.Reply.WaitAsync(TimeSpan.FromSeconds(10))).Success);
        // Counted against the limit the version binds, never one the host names.
        ChannelCall raised = host.Call(HostMethods.RateLimit, WireJson.Write(new RateLimitHead(TestServer.AccountId, "4242", 1_000_000, 60, "k")), withoutBody: true);
        Assert.StartsWith("Refused:", (await Assert.ThrowsAsync<ChannelCallException>(() => raised.Reply.WaitAsync(TimeSpan.FromSeconds(10)))).Message);

        // A version and its module's code, as a host asks for them when they did not come with its first invocation.
        ChannelCall versionAsked = host.Call(HostMethods.Version, Encoding.UTF8.GetBytes(version), withoutBody: true);
        Assert.Equal(version, WireJson.Read<DeployedVersion>(await versionAsked.Reply.WaitAsync(TimeSpan.FromSeconds(10))).Version.Id);
        ChannelCall blobAsked = host.Call(HostMethods.Blob, Encoding.UTF8.GetBytes(deployed.Version.Content.Modules[0].BlobKey), withoutBody: true);
        Assert.Equal("1", Encoding.UTF8.GetString((await blobAsked.Reply.WaitAsync(TimeSpan.FromSeconds(10))).Span));
        Assert.Contains("env.KV", Encoding.UTF8.GetString(await PlainCall.ReadBodyAsync(blobAsked)));

        // Grants lapse once the version sat idle with no warm isolate: an isolate of it kept warm holds them...
        long lapsed = granted + (long)HostGrants.IdleGrant.TotalMilliseconds + 1;
        grants.Warm = [(Ref("kvw", null), 1)];
        grants.PruneIdle(lapsed);
        Assert.NotNull(grants.Version(version));
        // ... and without it the host is refused what only that version needed, until it is sent the version again.
        grants.Warm = [];
        grants.PruneIdle(lapsed);
        Assert.Null(grants.Version(version));
        ChannelCall afterLapse = host.Call(HostMethods.Kv, WireJson.Write(new KvHead("get", ns, "seen")), withoutBody: true);
        Assert.StartsWith("Refused:", (await Assert.ThrowsAsync<ChannelCallException>(() => afterLapse.Reply.WaitAsync(TimeSpan.FromSeconds(10)))).Message);
        Assert.True(grants.Grant(kvw, deployed, lapsed));
        ChannelCall regranted = host.Call(HostMethods.Kv, WireJson.Write(new KvHead("get", ns, "seen")), withoutBody: true);
        Assert.True(WireJson.Read<KvReply>(await regranted.Reply.WaitAsync(TimeSpan.FromSeconds(10))).Found);
    }

    [Fact]
    public async Task A_hosts_subrequests_and_binding_calls_count_against_the_invocations_it_was_sent()
    {
        await DeployAccountWorkerAsync("callee", UserWorker);
        await DeployAccountWorkerAsync("caller", UserWorker, new { type = "service", name = "CALLEE", service = "callee" });
        IWorkerDirectory directory = _server.Server.EdgeServices.GetRequiredService<IWorkerDirectory>();
        WorkerRef caller = directory.FindAccountScript(TestServer.AccountId, "caller")!;
        string version = (await _server.Api.GetApiAsync($"{_server.AccountPath}/workers/scripts/caller/versions")).AssertOk()!
            ["items"]![0]!["id"]!.GetValue<string>();
        DeployedVersion deployed = (await directory.LoadAsync(version))!;

        // A channel to the server's request handler, as a host that was sent one invocation of "caller", at depth 2,
        // with 2 subrequests to make.
        await using var forged = new ForgedHost(Workers.Requests);
        HostGrants grants = forged.Grants;
        HostChannel host = forged.Channel;
        grants.Grant(caller, deployed, Environment.TickCount64);
        long ticket = grants.Tickets.Issue(caller, version, depth: 2, subrequestLimit: 2);

        async Task<string> Refusal(string method, object head)
        {
            ChannelCall call = host.Call(method, head is BindingHead binding ? BinaryHeads.Write(binding) : WireJson.Write(head), withoutBody: true);
            return (await Assert.ThrowsAsync<ChannelCallException>(() => call.Reply.WaitAsync(TimeSpan.FromSeconds(10)))).Message;
        }
        BindingHead Binding(int depth, long? named) => new(version, new BindingCall(BindingCallKind.Service, "CALLEE", depth, null) { Ticket = named },
            new WireRequest("GET", "http://callee/", [], null, null, false));
        // Port 9 of loopback: the server's address rules refuse it (no connection is made); the count comes first.
        FetchHead Fetch(WorkerRef who, long? named) => new(who, "GET", "http://127.0.0.1:9/", [], RedirectMode.Follow, false) { Ticket = named };

        // The binding call is answered only for the invocation at the depth it was sent at.
        Assert.StartsWith("Refused: the call names no invocation", await Refusal(HostMethods.Binding, Binding(2, null)));
        Assert.StartsWith("Refused: no invocation sent to it is running", await Refusal(HostMethods.Binding, Binding(2, ticket + 1)));
        Assert.StartsWith("Refused: it named depth 0", await Refusal(HostMethods.Binding, Binding(0, ticket)));
        WorkerResponse answered = await InvocationWire.CallAsync(host, HostMethods.Binding, BinaryHeads.Write(Binding(2, ticket)), null, CancellationToken.None);
        Assert.Equal(200, answered.Status);
        Assert.Equal("user ok", await new StreamReader(answered.Body!).ReadToEndAsync());

        // A fetch in another worker's name is refused; two in the caller's reach the network's rules; the third is one too many.
        WorkerRef callee = directory.FindAccountScript(TestServer.AccountId, "callee")!;
        Assert.StartsWith("Refused: ticket", await Refusal(HostMethods.Fetch, Fetch(callee, ticket)));
        for (int i = 0; i < 2; i++) Assert.DoesNotContain("Refused", await Refusal(HostMethods.Fetch, Fetch(caller, ticket)));
        Assert.Equal(2, grants.Tickets.Find(ticket)!.Subrequests);
        Assert.Contains("past its 2 subrequests", await Refusal(HostMethods.Fetch, Fetch(caller, ticket)));
        Assert.Contains("past its 2 subrequests", await Refusal(HostMethods.Socket, new SocketHead(caller, "127.0.0.1", 9) { Ticket = ticket }));

        // The invocation's record hands the ticket back: nothing more is made in its name.
        ChannelCall report = host.Call(HostMethods.Metrics, BinaryHeads.Write(new MetricsBatch(
            [new MetricRecord('i', TestServer.AccountId, null, "caller") { Ticket = ticket }], null)), withoutBody: true);
        await report.Reply.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, grants.Tickets.Count);
        Assert.StartsWith("Refused: no invocation sent to it is running", await Refusal(HostMethods.Binding, Binding(2, ticket)));
    }

    [Fact]
    public async Task Every_ticket_comes_back_once_its_invocation_is_over()
    {
        // A worker that calls a service, fetches (refused: loopback) and fetches again after its response, in waitUntil.
        await DeployAccountWorkerAsync("callee", UserWorker);
        await DeployAccountWorkerAsync("busy", """
            export default {
              async fetch(request, env, ctx) {
                const called = await (await env.CALLEE.fetch("http://callee/")).text();
                const refused = await fetch("http://127.0.0.1:9/").then(() => "fetched", e => "refused");
                ctx.waitUntil(new Promise(r => setTimeout(r, 50)).then(() => fetch("http://127.0.0.1:9/")).catch(() => {}));
                return new Response(called + " " + refused);
              }
            };
            """, new { type = "service", name = "CALLEE", service = "callee" });
        for (int i = 0; i < 20; i++)
        {
            HttpResponseMessage response = await _server.GetEdgeAsync("busy.dev.workers.localhost");
            Assert.Equal("user ok refused", await response.Content.ReadAsStringAsync());
        }
        // Each host hands its tickets back with its metrics, 250 ms after an invocation ends.
        var clock = Stopwatch.StartNew();
        int Out() => Workers.Pool.Hosts().Sum(h => h.Grants.Tickets.Count);
        while (Out() > 0 && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        Assert.Equal(0, Out());
    }

    [Fact]
    public async Task One_busy_host_grows_into_the_warm_memory_the_others_leave_unused()
    {
        // 64 MB over 2 hosts: each starts with 32. One account's scripts all run in one host, so before the budget was
        // shared out that host kept ~30 MB warm whatever the other held.
        const long MiB = 1024 * 1024;
        await using var server = await StartAccountTenantsAsync(new TestServer { WorkerHosts = 2, WarmMemoryMb = 64 }, 40);
        HostedWorkers workers = server.Workers;
        int busy = server.Slot;
        long Warm(int slot) => workers.Pool[slot].Grants.Warm.Sum(w => w.FootprintBytes);
        await server.LoadUntilAsync(() => Warm(busy) > 38 * MiB);
        output.WriteLine($"warm {Warm(busy) / MiB} MB, budgets told {workers.Pool[busy].WarmBudgetBytes / MiB} and {workers.Pool[1 - busy].WarmBudgetBytes / MiB} MB");
        Assert.True(Warm(busy) > 38 * MiB, $"the busy host holds {Warm(busy) / MiB} MB warm");
        // The idle host keeps at least its floor, half its even share, to grow back into; the two stay within the total.
        Assert.InRange(workers.Pool[1 - busy].WarmBudgetBytes, 16 * MiB, 24 * MiB);
        Assert.True(workers.Pool[busy].WarmBudgetBytes + workers.Pool[1 - busy].WarmBudgetBytes <= 64 * MiB);

        // Its replacement after a crash starts again from the even share (its command line's) and grows the same way.
        WorkerHostProcess crashed = workers.Pool[busy];
        crashed.Kill();
        var clock = Stopwatch.StartNew();
        while (workers.Pool[busy] == crashed && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        Assert.NotEqual(crashed, workers.Pool[busy]);
        await server.LoadUntilAsync(() => Warm(busy) > 38 * MiB);
        Assert.True(Warm(busy) > 38 * MiB, $"the busy host's replacement holds {Warm(busy) / MiB} MB warm");
        Assert.True(workers.Pool[busy].WarmBudgetBytes > 32 * MiB);
    }

    [Fact]
    public async Task A_hosts_isolate_makers_run_at_its_own_priority()
    {
        // In the server they run at nice 10, behind requests; a host's refills are on the path of deploys and cold starts.
        int pid = Workers.Pool[0].ProcessId;
        List<int> Makers() => [.. Directory.GetDirectories($"/proc/{pid}/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith("Isolate pool", StringComparison.Ordinal))
            .Select(task => File.ReadAllText(Path.Combine(task, "stat")))
            // stat: "tid (comm) state ...": nice is the 17th field after the comm's closing parenthesis.
            .Select(stat => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture))];
        var clock = Stopwatch.StartNew();
        while (Makers().Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(50);  // the host is still starting
        Assert.NotEmpty(Makers());
        Assert.All(Makers(), nice => Assert.Equal(0, nice));
    }

    [Fact]
    public async Task A_cap_on_warm_workers_is_shared_out_by_use_too()
    {
        // --max-warm-workers 10 over 2 hosts: 5 each at first; the busy one may grow to all but the other's floor (2).
        await using var server = await StartAccountTenantsAsync(new TestServer { WorkerHosts = 2, MaxWarmWorkers = 10 }, 12);
        HostedWorkers workers = server.Workers;
        int busy = server.Slot;
        await server.LoadUntilAsync(() => workers.Pool[busy].Grants.Warm.Count >= 7);
        Assert.InRange(workers.Pool[busy].Grants.Warm.Count, 7, 8);
        Assert.Equal(2, workers.Pool[1 - busy].WarmInstanceCap);
    }

    /// <summary>A server of its own with <paramref name="count"/> scripts of the test account (all in one host's slot).</summary>
    private static async Task<AccountTenants> StartAccountTenantsAsync(TestServer server, int count)
    {
        await server.InitializeAsync();
        const string code = """export default { fetch: (request) => Response.json({ path: new URL(request.url).pathname, at: Date.now() }) };""";
        string[] scripts = [.. Enumerable.Range(0, count).Select(i => $"tenant-{i}")];
        foreach (string script in scripts)
        {
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}", ScriptUploads.Module(new(), code))).AssertOk();
            (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain", new { enabled = true })).AssertOk();
        }
        return new AccountTenants(server, scripts);
    }

    private sealed class AccountTenants(TestServer server, string[] scripts) : IAsyncDisposable
    {
        public HostedWorkers Workers => server.Server.EdgeServices.GetRequiredService<HostedWorkers>();

        /// <summary>The slot of the account's scripts.</summary>
        public int Slot => HostedWorkers.SlotOf(WorkerRef.Named(TestServer.AccountId, scripts[0]), Workers.Pool.Count);

        /// <summary>Requests every script in rounds until <paramref name="done"/> holds (30 s at most).</summary>
        public async Task LoadUntilAsync(Func<bool> done)
        {
            var clock = Stopwatch.StartNew();
            while (!done() && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                foreach (string script in scripts)
                    Assert.Equal(HttpStatusCode.OK, (await server.GetEdgeAsync($"{script}.dev.workers.localhost", "/")).StatusCode);
                await Task.Delay(300);  // a host reports its warm isolates 250 ms after its last invocation
            }
        }

        public async ValueTask DisposeAsync() => await server.DisposeAsync();
    }

    private readonly List<(string Binding, string Namespace)> _namespaces = [];

    private int DispatcherSlot => HostedWorkers.SlotOf(Ref("dispatcher", null), Workers.Pool.Count);

    private static WorkerRef Ref(string script, string? ns) => WorkerRef.Named(TestServer.AccountId, script, ns);

    /// <summary>A new dispatch namespace whose script "user" hashes to <paramref name="slot"/>.</summary>
    private async Task<string> NamespaceOnSlotAsync(int slot, string prefix)
    {
        string name;
        do name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        while (HostedWorkers.SlotOf(Ref("user", name), Workers.Pool.Count) != slot);
        (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{_server.AccountPath}/workers/dispatch/namespaces", new { name })).AssertOk();
        _namespaces.Add((prefix.ToUpperInvariant(), name));
        return name;
    }

    private async Task<string> GetAsync(string binding)
    {
        HttpResponseMessage response = await _server.GetEdgeAsync("dispatcher.dev.workers.localhost", $"/?ns={binding}&script=user");
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> CreateKvNamespaceAsync() =>
        (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{_server.AccountPath}/storage/kv/namespaces", new { title = Guid.NewGuid().ToString("N") }))
            .AssertOk()!["id"]!.GetValue<string>();

    private async Task DeployAccountWorkerAsync(string script, string code, params object[] bindings)
    {
        (await _server.Api.SendApiAsync(HttpMethod.Put, $"{_server.AccountPath}/workers/scripts/{script}",
            ScriptUploads.Module(new() { ["bindings"] = bindings }, code))).AssertOk();
        (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{_server.AccountPath}/workers/scripts/{script}/subdomain", new { enabled = true })).AssertOk();
    }

    /// <summary>
    /// A worker host the test plays: a channel to the server's request handler over a Unix socket pair, answered under
    /// grants of its own (none at first), as a host's calls are.
    /// </summary>
    private sealed class ForgedHost : IAsyncDisposable
    {
        private readonly HostChannel _server;

        public ForgedHost(HostRequests requests)
        {
            string path = Path.Combine(Path.GetTempPath(), $"sy-{Guid.NewGuid():N}.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(path));
            var serverEnd = new NetworkStream(listener.Accept(), ownsSocket: true);
            File.Delete(path);
            // Each channel owns its end of the pair.
            _server = new HostChannel(serverEnd, oddIds: false, call => requests.AnswerAsync(Grants, call));
            Channel = new HostChannel(new NetworkStream(client, ownsSocket: true), oddIds: true, _ => Task.CompletedTask);
            _server.Start();
            Channel.Start();
        }

        public HostGrants Grants { get; } = new();

        /// <summary>The host's end: its calls go to the server's handler.</summary>
        public HostChannel Channel { get; }

        public async ValueTask DisposeAsync()
        {
            await Channel.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
