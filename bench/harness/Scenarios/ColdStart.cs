using System.Diagnostics;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// Scenario 5: N distinct workers, each requested once, in order, over a new connection per request: p50/p99 of
/// that first request, and the server's RSS growth over the N loads divided by N. Both servers first load one
/// warm-up worker, so one-time runtime start-up is not charged to the N.
/// Three quarters of the N come one at a time, each sent <see cref="Gap"/> after the previous answer: the latency of
/// one cold start on a machine that is not still busy with the previous one. The last quarter come back to back, the
/// next sent as soon as the previous is answered: on Switchyard that measures how many cold starts per second the
/// machine sustains (each needs a new isolate, ~7 ms of CPU, made off the request path only while there is time),
/// and it is its own row.
/// Switchyard deploys the N through its API and loads each on its first request. workerd has no deploy API: the N are
/// in its config, and workerd compiles every worker at start-up, so its "first request" finds the worker loaded; its
/// start-up time with the N is reported in the note.
/// </summary>
public sealed class ColdStart(BenchOptions options)
{
    /// <summary>The pause between a paced cold start's answer and the next request.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(25);

    public async Task<Row[]> RunAsync()
    {
        var n = options.ColdWorkers;
        Console.Error.WriteLine($"[bench] cold start, {n} workers");
        var names = Enumerable.Range(0, n).Select(i => $"cold-{i}").ToList();
        var (paced, burst) = await OnSwitchyardAsync(names);
        var (workerdPaced, workerdBurst, startup) = await OnWorkerdAsync(names);
        int burstCount = BurstCount(n);
        var note = $"N = {n - burstCount}, each sent {Gap.TotalMilliseconds:0} ms after the previous answer; RSS per worker over all {n}; " +
            $"workerd start-up with the N workers: {startup.TotalMilliseconds:0} ms";
        return
        [
            new Row("cold-start", "cold start (first request)", paced, workerdPaced, Note: note, RssLabel: "per worker"),
            new Row("cold-start-burst", "cold start, back to back", burst, workerdBurst,
                Note: $"N = {burstCount}, each sent as soon as the previous was answered", RssLabel: "per worker"),
        ];
    }

    private static int BurstCount(int n) => n / 4;

    private async Task<(Figures Paced, Figures Burst)> OnSwitchyardAsync(List<string> names)
    {
        // Every worker stays loaded (no eviction), so RSS growth over the N is what N idle workers cost.
        // No count cap (there is none by default) and a budget far above N isolates: a cap such as N + 1 is shared out
        // among worker hosts, and the N, one account's scripts, all run in one host, which then kept only part of them.
        await using var server = await SwitchyardProcess.StartAsync(options, "cold-switchyard", "--warm-memory-mb", "16384");
        await server.Api.PutWorkerAsync("cold-warmup", WorkerCode.Numbered("cold-warmup"));
        foreach (var name in names) await server.Api.PutWorkerAsync(name, WorkerCode.Numbered(name));
        var edge = server.EdgeBase.ToString();
        return await MeasureAsync(server.Process, names.Prepend("cold-warmup").Select(name => (edge, (string?)SwitchyardProcess.HostOf(name), name)).ToList());
    }

    private async Task<(Figures Paced, Figures Burst, TimeSpan Startup)> OnWorkerdAsync(List<string> names)
    {
        // The baseline for RSS: the same process with only the warm-up worker, after one request to it.
        var all = names.Prepend("cold-warmup").ToList();
        var ports = Loopback.FreePorts(all.Count);
        var config = new WorkerdConfig();
        foreach (var (name, port) in all.Zip(ports)) config.Worker(name, WorkerCode.Numbered(name)).Socket(name, port);
        var clock = Stopwatch.StartNew();
        await using var server = await WorkerdProcess.StartAsync(options, "cold-workerd", config);
        var startup = clock.Elapsed;
        var (paced, burst) = await MeasureAsync(server.Process, all.Zip(ports).Select(x => ($"http://127.0.0.1:{x.Second}/", (string?)null, x.First)).ToList());
        var baseline = await BaselineRssAsync();
        return (paced with { RssKb = (server.Process.RssKb() - baseline) / (double)names.Count }, burst, startup);
    }

    /// <summary>workerd's RSS with only the warm-up worker, after one request to it.</summary>
    private async Task<long> BaselineRssAsync()
    {
        var port = Loopback.FreePorts(1)[0];
        await using var server = await WorkerdProcess.StartAsync(options, "cold-workerd-baseline",
            new WorkerdConfig().Worker("cold-warmup", WorkerCode.Numbered("cold-warmup")).Socket("cold-warmup", port));
        using var http = Loopback.FreshConnectionClient();
        (await http.GetAsync($"http://127.0.0.1:{port}/")).EnsureSuccessStatusCode();
        await Task.Delay(500);
        return server.Process.RssKb();
    }

    /// <summary>
    /// Requests the first target (the warm-up) untimed, then each other once, timed: paced first, the last
    /// <see cref="BurstCount"/> back to back. RSS per worker is the growth over all the timed loads, divided by their
    /// count (in the paced figures).
    /// </summary>
    private static async Task<(Figures Paced, Figures Burst)> MeasureAsync(ManagedProcess process, List<(string Url, string? Host, string Name)> targets)
    {
        using var http = Loopback.FreshConnectionClient();
        async Task GetAsync((string Url, string? Host, string Name) target)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
            if (target.Host is not null) request.Headers.Host = target.Host;
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains($"\"worker\":\"{target.Name}\""))
                throw new InvalidOperationException($"{target.Name} answered {(int)response.StatusCode}: {body}");
        }

        await GetAsync(targets[0]);
        await Task.Delay(500);
        var before = process.RssKb();
        var timed = targets.Skip(1).ToList();
        int pacedCount = timed.Count - BurstCount(timed.Count);
        var paced = new List<double>();
        var burst = new List<double>();
        foreach (var (target, i) in timed.Select((t, i) => (t, i)))
        {
            bool isPaced = i < pacedCount;
            if (isPaced) await Task.Delay(Gap);
            var clock = Stopwatch.StartNew();
            await GetAsync(target);
            (isPaced ? paced : burst).Add(clock.Elapsed.TotalMilliseconds);
        }
        await Task.Delay(500);
        double perWorker = (process.RssKb() - before) / (double)timed.Count;
        return (new Figures(P50Ms: Percentiles.Of(paced, 0.5), P99Ms: Percentiles.Of(paced, 0.99), RssKb: perWorker),
            new Figures(P50Ms: Percentiles.Of(burst, 0.5), P99Ms: Percentiles.Of(burst, 0.99)));
    }
}
