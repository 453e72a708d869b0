using System.Diagnostics;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// Scenario 6: from "deploy a small new worker" to its first successful answer, K times. Switchyard: the API's
/// multipart script upload (what curl -F and wrangler send), then polling the edge. workerd has no deploy API: the
/// equivalent is a config holding the worker and a process start, timed to the first answer. With wrangler in the
/// conformance cache, a second row times `wrangler deploy` against Switchyard (node start-up included).
/// </summary>
public sealed class DeployLatency(BenchOptions options)
{
    public async Task<List<Row>> RunAsync()
    {
        Console.Error.WriteLine($"[bench] deploy latency, {options.Deploys} deploys");
        var rows = new List<Row>();
        await using var switchyard = await SwitchyardProcess.StartAsync(options, "deploy-switchyard");
        await switchyard.Api.PutWorkerAsync("deploy-warmup", WorkerCode.Numbered("deploy-warmup"));
        await WaitForAsync(switchyard.EdgeBase.ToString(), SwitchyardProcess.HostOf("deploy-warmup"), "deploy-warmup");

        var api = new List<double>();
        for (var i = 0; i < options.Deploys; i++)
        {
            var name = $"deploy-{i}";
            var clock = Stopwatch.StartNew();
            await switchyard.Api.PutWorkerAsync(name, WorkerCode.Numbered(name));
            await WaitForAsync(switchyard.EdgeBase.ToString(), SwitchyardProcess.HostOf(name), name);
            api.Add(clock.Elapsed.TotalMilliseconds);
        }

        var restart = new List<double>();
        for (var i = 0; i < options.Deploys; i++)
        {
            var name = $"deploy-{i}";
            var port = Loopback.FreePorts(1)[0];
            var config = new WorkerdConfig().Worker(name, WorkerCode.Numbered(name)).Socket(name, port);
            var clock = Stopwatch.StartNew();
            await using var workerd = await WorkerdProcess.StartAsync(options, $"deploy-workerd", config);
            await WaitForAsync($"http://127.0.0.1:{port}/", null, name);
            restart.Add(clock.Elapsed.TotalMilliseconds);
        }
        rows.Add(new Row("deploy", "deploy → first answer (API)", Latencies(api), Latencies(restart),
            Note: $"{options.Deploys} deploys; workerd: new config + process start (it has no deploy API)"));

        if (WranglerDeploy.Available(options))
        {
            var wrangler = await new WranglerDeploy(options, switchyard).RunAsync(options.Quick ? 2 : 5);
            rows.Add(new Row("deploy-wrangler", "deploy → first answer (wrangler)", Latencies(wrangler), null,
                Note: $"{wrangler.Count} × `wrangler deploy`, node start-up included"));
        }
        return rows;
    }

    private static Figures Latencies(List<double> ms) => new(P50Ms: Percentiles.Of(ms, 0.5), P99Ms: Percentiles.Of(ms, 0.99));

    private static readonly HttpClient Poller = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Polls until the worker answers 200 with its own number (at most 60 s).</summary>
    public static async Task WaitForAsync(string url, string? host, string name)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (host is not null) request.Headers.Host = host;
            try
            {
                using var response = await Poller.SendAsync(request);
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains($"\"worker\":\"{name}\"")) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(1);
        }
        throw new TimeoutException($"{name} never answered");
    }
}
