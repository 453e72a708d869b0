using System.Diagnostics;
using System.Text.Json;

namespace Switchyard.Bench.Load;

/// <summary>A wrk Lua script from bench/workers that shapes each request, and the arguments its <c>init</c> gets.</summary>
public sealed record WrkScript(string LuaFile, IReadOnlyList<string> Args);

/// <summary>
/// Drives a server with wrk (Debian's, unpacked into the bench cache) for a bounded time; report.lua prints the
/// counts and percentiles as one JSON line, which this parses.
/// </summary>
public sealed class Wrk(BenchOptions options)
{
    private static readonly string Reporter = Path.Combine(AppContext.BaseDirectory, "workers", "report.lua");

    /// <summary>
    /// Warms up in one-second runs until two in a row agree within 10 % on throughput (a fresh .NET server ramps up
    /// its JIT and thread pool for seconds), at least <see cref="BenchOptions.Warmup"/> and at most
    /// <see cref="BenchOptions.MaxWarmup"/>; a scenario may ask for a longer least (<paramref name="least"/>, the most
    /// then grows with it). Returns the warm-up's length.
    /// </summary>
    public async Task<TimeSpan> WarmUpAsync(string url, string? host = null, WrkScript? script = null, TimeSpan? least = null)
    {
        var min = least ?? options.Warmup;
        var max = min > options.MaxWarmup ? min + options.Warmup : options.MaxWarmup;
        var second = TimeSpan.FromSeconds(1);
        var warmup = TimeSpan.Zero;
        double previous = 0;
        while (warmup < max)
        {
            var rps = (await RunAsync(url, host, second, script)).RequestsPerSecond;
            warmup += second;
            var steady = previous > 0 && Math.Abs(rps - previous) <= 0.1 * Math.Max(rps, previous);
            if (steady && warmup >= min) break;
            previous = rps;
        }
        return warmup;
    }

    public async Task<LoadResult> RunAsync(string url, string? host, TimeSpan duration, WrkScript? script = null)
    {
        var info = new ProcessStartInfo(options.Wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t1", $"-c{options.Connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", ScriptFile(script) })
            info.ArgumentList.Add(arg);
        if (host is not null && script is null) { info.ArgumentList.Add("-H"); info.ArgumentList.Add($"Host: {host}"); }
        info.ArgumentList.Add(url);
        if (script is not null)
        {
            info.ArgumentList.Add("--");
            foreach (var arg in script.Args) info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return Parse(await stdout) ?? throw new InvalidOperationException($"wrk printed no result: {await stdout}{await stderr}");
    }

    /// <summary>
    /// wrk takes one script: a scenario's own (which picks each request) goes first, the reporter after it, in a file
    /// of the two beside the run's output.
    /// </summary>
    private string ScriptFile(WrkScript? script)
    {
        if (script is null) return Reporter;
        var combined = Path.Combine(options.OutDir, "wrk-" + Path.GetFileName(script.LuaFile));
        if (!File.Exists(combined))
            File.WriteAllText(combined, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workers", script.LuaFile)) + "\n" + File.ReadAllText(Reporter));
        return combined;
    }

    public static LoadResult? Parse(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_JSON "));
        if (line is null) return null;
        var json = JsonDocument.Parse(line["WRK_JSON ".Length..]).RootElement;
        long Get(string name) => json.GetProperty(name).GetInt64();
        var errors = Get("connect") + Get("read") + Get("write") + Get("status") + Get("timeout");
        var seconds = Get("duration_us") / 1e6;
        return new LoadResult(Get("requests") / seconds, Get("p50_us") / 1000.0, Get("p99_us") / 1000.0, Get("requests"), errors, seconds);
    }
}
