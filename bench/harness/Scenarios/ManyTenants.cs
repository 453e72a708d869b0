using System.Diagnostics;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// A platform's traffic: N small workers (<c>tenant-0</c> … <c>tenant-(N-1)</c>, each numbered.js with its own name)
/// under load whose tenants follow a Zipf distribution (exponent <see cref="Exponent"/>, the same seeded sequence for
/// both servers, drawn by bench/workers/zipf.lua). Switchyard runs with its default settings but an explicit
/// <c>--worker-hosts</c> (<see cref="BenchOptions.WorkerHosts"/>), the workers deployed through its API on the workers
/// subdomain; workerd holds the same workers behind a router worker with one service binding per tenant (it has no
/// per-host routing of its own). With the first N, one hot worker (tenant-0 alone) is measured on the same servers:
/// the figure the Zipf throughput is compared with; and the Zipf load also runs on a Switchyard with
/// <c>--worker-hosts 0</c> holding the same workers (issue 23's comparison).
/// </summary>
public sealed class ManyTenants(BenchOptions options, Wrk wrk)
{
    public const double Exponent = 1.1;
    private const int Seed = 20261206;
    private const int DeployParallelism = 4;

    private readonly SideBySide _sideBySide = new(options, wrk);

    public async Task<List<Row>> RunAsync()
    {
        var rows = new List<Row>();
        foreach (var (n, i) in options.Tenants.Select((n, i) => (n, i)))
            rows.AddRange(await RunAsync(n, withHotWorker: i == 0));
        return rows;
    }

    private async Task<List<Row>> RunAsync(int n, bool withHotWorker)
    {
        Console.Error.WriteLine($"[bench] many tenants, {n} workers");
        var names = Enumerable.Range(0, n).Select(i => $"tenant-{i}").ToList();
        long availableKb = MemAvailableKb();
        bool withWorkerd = WorkerdFits(n, availableKb);

        await using var switchyard = await SwitchyardProcess.StartAsync(options, $"tenants-{n}-switchyard");
        var deploy = Stopwatch.StartNew();
        await DeployAsync(switchyard, names);
        deploy.Stop();
        // Issue 23: the Zipf load through worker hosts against the same in the server process, in the same rounds. With
        // the first N only: the target is over 1,000 tenants, and a second server holding 10,000 would add ~7 GB.
        await using var inProcess = withHotWorker && options.ComparesInProcess
            ? await SwitchyardProcess.StartAsync(options with { WorkerHosts = 0 }, $"tenants-{n}-switchyard-in-process") : null;
        if (inProcess is not null) await DeployAsync(inProcess, names);

        var port = Loopback.FreePorts(1)[0];
        var startup = Stopwatch.StartNew();
        await using var workerd = withWorkerd ? await StartWorkerdAsync(n, names, port) : null;
        startup.Stop();

        var suffix = SwitchyardProcess.HostOf("x")[1..];  // ".<subdomain>.<workers domain>": the same Host on both
        var zipf = new WrkScript("zipf.lua", [$"{n}", $"{Exponent}", suffix, $"{Seed}"]);
        var edge = switchyard.EdgeBase.ToString();
        var router = $"http://127.0.0.1:{port}/";
        // Before any load: a sample of tenants answers, each with its own name, on every server.
        foreach (var name in names.Where((_, i) => i % Math.Max(1, n / 20) == 0).Append(names[^1]))
        {
            await ExpectTenantAsync(edge, name, "Switchyard");
            if (inProcess is not null) await ExpectTenantAsync(inProcess.EdgeBase.ToString(), name, "Switchyard in-process");
            if (workerd is not null) await ExpectTenantAsync(router, name, "workerd");
        }

        var rows = new List<Row>();
        var setup = $"Switchyard default settings but {options.WorkerHosts} worker hosts, {n} workers deployed through the API in {deploy.Elapsed.TotalSeconds:0} s; " +
                    (workerd is not null
                        ? $"workerd: a router worker with {n} service bindings, start-up {startup.Elapsed.TotalSeconds:0.0} s"
                        : $"workerd not run: it loads all {n} at start-up, about {n * WorkerdKbPerWorker / 1024 / 1024.0:0} GB " +
                          $"at its ~3 MB each, and the machine had {availableKb / 1024 / 1024.0:0.0} GB available");
        if (withHotWorker)
        {
            var hot = SwitchyardProcess.HostOf(names[0]);
            rows.Add(await _sideBySide.MeasureAsync("tenants-hot", $"one hot worker of {n}", switchyard, workerd, null,
                new Endpoint(edge, hot, IsTenant(names[0])), new Endpoint(router, hot, IsTenant(names[0])), null,
                $"tenant-0 alone; {setup}"));
        }
        // Each of the N isolates warms up on its own (V8's inline caches and feedback start empty in every isolate), and
        // the tail of a Zipf distribution gets few requests: ten seconds in, a 1,000-tenant run still reads half its
        // steady throughput. So the warm-up here lasts at least half a minute (a quick run: ten seconds).
        var first = SwitchyardProcess.HostOf(names[0]);
        var warmup = TimeSpan.FromSeconds(options.Quick ? 10 : 30);
        var row = await _sideBySide.MeasureAsync($"tenants-{n}", $"{n:N0} tenants, Zipf({Exponent})", switchyard, workerd, null,
            new Endpoint(edge, first, IsTenant(names[0]), zipf, warmup), new Endpoint(router, first, IsTenant(names[0]), zipf, warmup), null,
            $"warm-up at least {warmup.TotalSeconds:0} s; {setup}",
            inProcess is null ? null : (inProcess, new Endpoint(inProcess.EdgeBase.ToString(), first, IsTenant(names[0]), zipf, warmup)));
        // Issue 20: the memory of N tenants stays within the warm budget plus a documented base (Targets).
        var budget = await switchyard.MetricAsync("switchyard_worker_warm_memory_budget_bytes");
        rows.Add(row with { WarmBudgetKb = budget / 1024, BaseKb = DocumentedBaseKb(options.WorkerHosts) });
        return rows;
    }

    /// <summary>
    /// What a Switchyard holds besides its warm-memory budget, as docs/operations.md ("Warm workers") states it: up to
    /// 0.8 GB for the runtime, the server and isolates being disposed, and about 0.1 GB for each worker host process
    /// (the hosts and the spare started ahead).
    /// </summary>
    public static double DocumentedBaseKb(int workerHosts) => 800 * 1024 + (workerHosts > 0 ? workerHosts + 1 : 0) * 100 * 1024;

    /// <summary>workerd's resident memory per worker it holds: 2.0–3.1 GB for 1,000 on this VM (it compiles all at start-up).</summary>
    private const long WorkerdKbPerWorker = 3_200;

    /// <summary>
    /// Whether workerd holding <paramref name="n"/> workers fits in half the memory available before the scenario's
    /// servers start (the other half for Switchyard's): 10,000 would need 20–30 GB, more than this machine has.
    /// </summary>
    private static bool WorkerdFits(int n, long availableKb) => n * WorkerdKbPerWorker <= availableKb / 2;

    private static long MemAvailableKb()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0]);
        throw new InvalidOperationException("/proc/meminfo has no MemAvailable");
    }

    private async Task<WorkerdProcess> StartWorkerdAsync(int n, List<string> names, int port)
    {
        var config = new WorkerdConfig();
        foreach (var name in names) config.Worker(name, WorkerCode.Numbered(name));
        config.Worker("router", WorkerCode.Read("router.js"), [.. names.Select(name => $"(name = \"{name}\", service = \"{name}\")")])
            .Socket("router", port);
        return await WorkerdProcess.StartAsync(options, $"tenants-{n}-workerd", config);
    }

    private static Task DeployAsync(SwitchyardProcess switchyard, List<string> names) =>
        Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = DeployParallelism },
            async (name, _) => await switchyard.Api.PutWorkerAsync(name, WorkerCode.Numbered(name)));

    private static async Task ExpectTenantAsync(string url, string name, string server)
    {
        using var response = await SideBySide.SendAsync(new Endpoint(url, SwitchyardProcess.HostOf(name), IsTenant(name)));
        if (await IsTenant(name)(response) is { } problem) throw new InvalidOperationException($"{server}: {name} answered {problem}");
    }

    private static Func<HttpResponseMessage, Task<string?>> IsTenant(string name) => async r =>
    {
        var body = await r.Content.ReadAsStringAsync();
        return r.IsSuccessStatusCode && body.Contains($"\"worker\":\"{name}\"") ? null : $"{(int)r.StatusCode} {SideBySide.Trim(body)}";
    };
}
