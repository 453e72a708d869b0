// The side-by-side benchmark: Switchyard against workerd (and bare Kestrel as the machine's ceiling) on loopback.
// bench/run.sh installs the tools, builds, and calls this with their paths; see bench/README.md.
using System.Text.Json;
using Switchyard.Bench;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Scenarios;

BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }
Directory.CreateDirectory(options.OutDir);

var rows = new List<Row>();
var started = DateTimeOffset.UtcNow;
if (new[] { "ceiling", "hello", "kv-hmac", "static", "dispatch" }.Any(options.Runs))
    await RunAsync("load", () => new LoadScenarios(options, new Wrk(options)).RunAsync());
if (options.Runs("cold-start")) await RunAsync("cold-start", async () => [.. await new ColdStart(options).RunAsync()]);
if (options.Runs("tenants")) await RunAsync("tenants", () => new ManyTenants(options, new Wrk(options)).RunAsync());
if (options.Runs("deploy")) await RunAsync("deploy", () => new DeployLatency(options).RunAsync());
string? postgres = null;
if (options.RunsWhenNamed("pg"))
{
    try { postgres = await new PostgresScaleOut(options, new Wrk(options)).RunAsync(); }
    catch (Exception e) { postgres = $"failed: {e}"; Console.Error.WriteLine($"[bench] pg failed: {e}"); }
    File.WriteAllText(Path.Combine(options.OutDir, "postgres.md"), postgres);
}

var mode = options.Quick ? "quick run" : "full run";
var title = $"Switchyard vs workerd, {mode}, {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Switchyard with --worker-hosts {options.WorkerHosts}";
var table = ResultTable.Render(rows, Targets.Evaluate(rows));
File.WriteAllText(Path.Combine(options.OutDir, "results.md"), $"{title}\n\n{table}");
File.WriteAllText(Path.Combine(options.OutDir, "results.json"), JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
File.WriteAllText(Path.Combine(options.OutDir, "chart.svg"), SvgChart.Render(rows, title));

Console.WriteLine(title);
Console.WriteLine();
Console.WriteLine(table);
if (postgres is not null) Console.WriteLine($"SQLite node and PostgreSQL nodes (issue 21):\n\n{postgres}");
Console.WriteLine($"wrk: 1 thread, {options.Connections} connections, warm-up of {options.Warmup.TotalSeconds:0}–{options.MaxWarmup.TotalSeconds:0} s (until steady) + {options.Duration.TotalSeconds:0} s measured in {options.Rounds} rounds, the servers of a scenario taking turns");
Console.WriteLine($"written: {options.OutDir}/results.md, results.json, chart.svg (server logs beside them)");
return 0;

// A scenario that fails leaves a row saying why, and the others still run (their servers are already stopped).
async Task RunAsync(string key, Func<Task<List<Row>>> scenario)
{
    try { rows.AddRange(await scenario()); }
    catch (Exception e)
    {
        Console.Error.WriteLine($"[bench] {key} failed: {e}");
        rows.Add(new Row(key, key, null, null, Note: $"failed: {e.GetType().Name}: {e.Message}"));
    }
}
