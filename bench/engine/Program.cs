using System.Diagnostics;
using Switchyard.Bench.Engine;
using Switchyard.Engine;

// Engine benchmark: cold start, idle memory, warm call throughput. Run: dotnet run -c Release --project bench/engine
var total = Stopwatch.StartNew();
var small = JsRuntimeImage.Create(Workloads.HostFunctions(), "globalThis.runtime = { ready: true };");
string largeBootstrap = Workloads.Bootstrap(256);
int largeKb = largeBootstrap.Length / 1024;
var largeSnapshot = JsRuntimeImage.Create(Workloads.HostFunctions(), largeBootstrap);
var largeScript = JsRuntimeImage.Create(Workloads.HostFunctions(), largeBootstrap, snapshot: false);

Console.WriteLine($"V8 engine benchmark ({Environment.ProcessorCount} cores; snapshot of the {largeKb} KB bootstrap: {largeSnapshot.SnapshotLength / 1024} KB)");
Report("cold start, isolate+context+module+fetch, small bootstrap, snapshot", ColdStart.FromScratch(small, 300));
Report("cold start, module+fetch on a pooled isolate+context, small bootstrap", ColdStart.FromPool(small, 300));
Report($"cold start, isolate+context+module+fetch, {largeKb} KB bootstrap, snapshot", ColdStart.FromScratch(largeSnapshot, 200));
Report($"cold start, isolate+context+module+fetch, {largeKb} KB bootstrap evaluated per context", ColdStart.FromScratch(largeScript, 30));

Console.WriteLine($"memory per idle isolate with the worker loaded (RSS delta over 200), small bootstrap: {IdleMemory.MeasureKilobytes(small, 200):F0} KB");
Console.WriteLine($"memory per idle isolate with the worker loaded (RSS delta over 200), {largeKb} KB bootstrap snapshot: {IdleMemory.MeasureKilobytes(largeSnapshot, 200):F0} KB");

var (growthMb, cycleSeconds) = DisposeCycles.Measure(small, 10_000);
Console.WriteLine($"RSS growth over 10,000 isolate create/fetch/dispose cycles: {growthMb:F1} MB ({cycleSeconds:F0} s)");

Console.WriteLine($"warm fetch calls/s, CallAsync loop inside one isolate entry: {WarmCalls.InsideOneEntry(small, TimeSpan.FromSeconds(2)):N0}");
Console.WriteLine($"warm fetch calls/s, InvokeAsync from the pool, own CPU budget each, 64 in flight: {await WarmCalls.Invocations(small, TimeSpan.FromSeconds(2), 64):N0}");
Console.WriteLine($"warm fetch calls/s, InvokeAsync from the pool, own CPU budget each, 1 in flight: {await WarmCalls.Invocations(small, TimeSpan.FromSeconds(1), 1):N0}");
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F0} s");

static void Report(string what, (double P50, double P99) ms) => Console.WriteLine($"{what}: p50 {ms.P50:F2} ms, p99 {ms.P99:F2} ms");
