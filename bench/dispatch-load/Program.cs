using System.Diagnostics;
using Switchyard.Bench.DispatchLoad;

// Dispatch load test: 1,000 user workers in one namespace, hit in random order through a dispatcher, against the real
// server on loopback. Run: dotnet run -c Release --project bench/dispatch-load [-- --requests N --concurrency N ...]
var settings = LoadSettings.Parse(args);
var total = Stopwatch.StartNew();
await using var server = await ServerProcess.StartAsync("Release",
    ["--max-warm-workers", settings.MaxWarmWorkers.ToString(), "--warm-memory-mb", settings.WarmMemoryMb.ToString()]);
Console.WriteLine($"server: pid {server.Pid}, {server.CommandLine}, {Environment.ProcessorCount} cores, RSS at start {Mb(server.RssBytes())} MB");

using var api = server.CreateApiClient();
var deployer = new Deployer(api);
const string ns = "load-customers", dispatcher = "load-dispatcher";
var names = Enumerable.Range(0, settings.Workers).Select(i => $"customer-{i:D4}").ToArray();
var deploy = Stopwatch.StartNew();
await deployer.CreateNamespaceAsync(ns);
await deployer.DeployUserWorkersAsync(ns, names, parallel: 4);
await deployer.DeployDispatcherAsync(dispatcher, ns);
Console.WriteLine($"deployed {names.Length} user workers and the dispatcher in {deploy.Elapsed.TotalSeconds:F1} s; RSS {Mb(server.RssBytes())} MB");

using var sampler = new RssSampler(server, TimeSpan.FromMilliseconds(200));
var result = await LoadRun.RunAsync(server.EdgeUrl, $"{dispatcher}.dev.workers.localhost", names, settings);
var rss = sampler.Stop();

Console.WriteLine($"requests: {result.Requests:N0} in {result.Elapsed.TotalSeconds:F1} s, {result.Requests / result.Elapsed.TotalSeconds:F0} requests/s, " +
    $"concurrency {settings.Concurrency}, {result.DistinctWorkers} distinct workers hit");
Console.WriteLine($"latency: p50 {result.Percentile(50):F1} ms, p90 {result.Percentile(90):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.Percentile(100):F1} ms");
Console.WriteLine($"errors: {result.Errors}{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}");
Console.WriteLine($"server RSS: {rss.Samples} samples, min {Mb(rss.Min)} MB, mean {Mb(rss.Mean)} MB, max {Mb(rss.Max)} MB (budget {settings.RssBudgetMb} MB)");
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F0} s");

var passed = result.Errors == 0 && rss.Max <= settings.RssBudgetMb * 1024L * 1024;
Console.WriteLine(passed ? "PASS" : "FAIL");
return passed ? 0 : 1;

static long Mb(double bytes) => (long)Math.Round(bytes / (1024 * 1024));
