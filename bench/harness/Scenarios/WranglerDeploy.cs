using System.Diagnostics;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// `wrangler deploy` of a one-module project against Switchyard, timed to the worker's first answer. Uses the node +
/// wrangler the end-to-end tests install into ~/.cache/switchyard-conformance; the row is left out when they are absent.
/// </summary>
public sealed class WranglerDeploy(BenchOptions options, SwitchyardProcess switchyard)
{
    public static bool Available(BenchOptions options) => File.Exists(options.Node) && File.Exists(options.Wrangler);

    public async Task<List<double>> RunAsync(int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var name = $"wrangler-{i}";
            var project = Path.Combine(options.OutDir, "wrangler", name);
            Directory.CreateDirectory(project);
            File.WriteAllText(Path.Combine(project, "index.js"), WorkerCode.Numbered(name));
            File.WriteAllText(Path.Combine(project, "wrangler.json"),
                $$"""{"name":"{{name}}","main":"index.js","compatibility_date":"2025-06-01"}""");
            var clock = Stopwatch.StartNew();
            await DeployAsync(project);
            await DeployLatency.WaitForAsync(switchyard.EdgeBase.ToString(), SwitchyardProcess.HostOf(name), name);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }

    private async Task DeployAsync(string project)
    {
        var info = new ProcessStartInfo(options.Node!)
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CLOUDFLARE_API_BASE_URL"] = switchyard.ApiBase.ToString().TrimEnd('/'),
                ["CLOUDFLARE_ACCOUNT_ID"] = SwitchyardProcess.AccountId,
                ["CLOUDFLARE_API_TOKEN"] = SwitchyardProcess.Token,
                ["WRANGLER_SEND_METRICS"] = "false",
                ["WRANGLER_SEND_ERROR_REPORTS"] = "false",
                ["CI"] = "true",
                ["NO_COLOR"] = "1",
                ["XDG_CONFIG_HOME"] = Path.Combine(project, ".xdg"),
            },
        };
        info.ArgumentList.Add(options.Wrangler!);
        info.ArgumentList.Add("deploy");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrangler deploy failed: {await output}{await errors}");
    }
}
