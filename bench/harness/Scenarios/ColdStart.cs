using System.Diagnostics;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// Scenario 5: N distinct workers, each requested once, in order, over a new connection per request: p50/p99 of
/// that first request, and the server's RSS growth over the N loads divided by N. Both servers first load one
/// warm-up worker, so one-time runtime start-up is not charged to the N.
/// Switchyard deploys the N through its API and loads each on its first request. workerd has no deploy API: the N are
/// in its config, and workerd compiles every worker at start-up, so its "first request" finds the worker loaded; its
/// start-up time with the N is reported in the note.
/// </summary>
public sealed class ColdStart(BenchOptions options)
{
    public async Task<Row> RunAsync()
    {
        var n = options.ColdWorkers;
        Console.Error.WriteLine($"[bench] cold start, {n} workers");
        var names = Enumerable.Range(0, n).Select(i => $"cold-{i}").ToList();
        var switchyard = await OnSwitchyardAsync(names);
        var (workerd, startup) = await OnWorkerdAsync(names);
        var note = $"N = {n}; workerd start-up with the N workers: {startup.TotalMilliseconds:0} ms";
        return new Row("cold-start", "cold start (first request)", switchyard, workerd, Note: note, RssLabel: "per worker");
    }

    private async Task<Figures> OnSwitchyardAsync(List<string> names)
    {
        // Every worker stays loaded (no eviction), so RSS growth over the N is what N idle workers cost.
        await using var server = await SwitchyardProcess.StartAsync(options, "cold-switchyard", "--max-warm-workers", $"{names.Count + 1}", "--warm-memory-mb", "16384");
        await server.Api.PutWorkerAsync("cold-warmup", WorkerCode.Numbered("cold-warmup"));
        foreach (var name in names) await server.Api.PutWorkerAsync(name, WorkerCode.Numbered(name));
        var edge = server.EdgeBase.ToString();
        return await MeasureAsync(server.Process, names.Prepend("cold-warmup").Select(name => (edge, (string?)SwitchyardProcess.HostOf(name), name)).ToList(),
            rssOver: names.Count);
    }

    private async Task<(Figures, TimeSpan Startup)> OnWorkerdAsync(List<string> names)
    {
        // The baseline for RSS: the same process with only the warm-up worker, after one request to it.
        var all = names.Prepend("cold-warmup").ToList();
        var ports = Loopback.FreePorts(all.Count);
        var config = new WorkerdConfig();
        foreach (var (name, port) in all.Zip(ports)) config.Worker(name, WorkerCode.Numbered(name)).Socket(name, port);
        var clock = Stopwatch.StartNew();
        await using var server = await WorkerdProcess.StartAsync(options, "cold-workerd", config);
        var startup = clock.Elapsed;
        var figures = await MeasureAsync(server.Process, all.Zip(ports).Select(x => ($"http://127.0.0.1:{x.Second}/", (string?)null, x.First)).ToList(),
            rssOver: names.Count);
        var baseline = await BaselineRssAsync();
        return (figures with { RssKb = (server.Process.RssKb() - baseline) / (double)names.Count }, startup);
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
    /// Requests the first target (the warm-up) untimed, then each other once, timed; RSS per worker is the growth over
    /// the first <paramref name="rssOver"/> timed loads, divided by that count.
    /// </summary>
    private static async Task<Figures> MeasureAsync(ManagedProcess process, List<(string Url, string? Host, string Name)> targets, int rssOver)
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
        var latencies = new List<double>();
        double perWorker = 0;
        foreach (var target in targets.Skip(1))
        {
            var clock = Stopwatch.StartNew();
            await GetAsync(target);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (latencies.Count == rssOver)
            {
                await Task.Delay(500);
                perWorker = (process.RssKb() - before) / (double)rssOver;
            }
        }
        return new Figures(P50Ms: Percentiles.Of(latencies, 0.5), P99Ms: Percentiles.Of(latencies, 0.99), RssKb: perWorker);
    }
}
