using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// Issue 21's figures (<c>--only pg</c>, with <c>--postgres</c> naming an empty database that run.sh made): the request
/// path of a node on PostgreSQL against a node on SQLite, the same scenarios in the same rounds (the PostgreSQL node must
/// hold ≥ 0.9× the SQLite node's req/s), then what one PostgreSQL carries through the API of two nodes sharing it
/// (deploys, KV writes and KV reads per second, and the connections each node holds), beside one SQLite node.
/// </summary>
public sealed class PostgresScaleOut(BenchOptions options, Wrk wrk)
{
    private readonly SideBySide _sideBySide = new(options, wrk);
    private const string HmacSecret = "bench-hmac-secret";

    public async Task<string> RunAsync()
    {
        var postgres = options.Postgres ?? throw new ArgumentException("--only pg needs --postgres CONNSTR (bench/run.sh makes the database)");
        var sb = new StringBuilder();
        await using var connections = new PostgresConnections(postgres);
        var sqlite = await SwitchyardProcess.StartAsync(options, SqliteNode);
        SwitchyardProcess? nodeA = null, nodeB = null;
        try
        {
            nodeA = await SwitchyardProcess.StartAsync(options, "pg-node-a", "--postgres", NodeConnection(postgres, "a"));
            nodeB = await SwitchyardProcess.StartAsync(options, "pg-node-b", "--postgres", NodeConnection(postgres, "b"));
            var idle = await connections.NowAsync();

            foreach (var server in new[] { sqlite, nodeA }) await DeployAsync(server);
            var rows = new List<(string Name, Figures? Sqlite, Figures? Postgres, List<string> Problems)>();
            foreach (var (name, script, path, check) in Scenarios())
            {
                Endpoint On(SwitchyardProcess s) => new(s.EdgeBase.ToString().TrimEnd('/') + path, SwitchyardProcess.HostOf(script), check);
                var (figures, problems) = await _sideBySide.MeasureAllAsync($"{name} (SQLite node / PostgreSQL node)",
                    [("SQLite node", sqlite.Process, On(sqlite)), ("PostgreSQL node", nodeA.Process, On(nodeA))]);
                rows.Add((name, figures[0], figures[1], problems));
            }
            sb.AppendLine(RequestPathTable(rows));

            var capacity = new List<(string Operation, ApiLoadResult Sqlite, ApiLoadResult Postgres, IReadOnlyDictionary<string, long> Connections)>();
            foreach (var (operation, concurrency, budget, prepare, send) in Operations())
            {
                Console.Error.WriteLine($"[bench] API capacity: {operation}");
                await prepare(sqlite);
                await prepare(nodeA);
                var onSqlite = await ApiLoad.RunAsync(concurrency, CapacityTime, budget, (loop, n) => send(sqlite, loop, n));
                connections.Start();
                var pair = new[] { nodeA, nodeB };
                var onPostgres = await ApiLoad.RunAsync(concurrency, CapacityTime, budget, (loop, n) => send(pair[loop % 2], loop, n));
                capacity.Add((operation, onSqlite, onPostgres, await connections.StopAsync()));
            }
            sb.AppendLine(CapacityTable(capacity, idle));
        }
        finally
        {
            await sqlite.DisposeAsync();
            if (nodeA is not null) await nodeA.DisposeAsync();
            if (nodeB is not null) await nodeB.DisposeAsync();
        }
        return sb.ToString();
    }

    private TimeSpan CapacityTime => TimeSpan.FromSeconds(options.Quick ? 3 : 10);

    /// <summary>Each node's connection string names it, so pg_stat_activity tells the nodes' connections apart.</summary>
    private static string NodeConnection(string connectionString, string node) =>
        connectionString.TrimEnd(';') + $";Application Name=switchyard-node-{node}";

    private static async Task DeployAsync(SwitchyardProcess server)
    {
        await server.Api.PutWorkerAsync("hello", WorkerCode.Read("hello.js"));
        var ns = await server.Api.CreateKvNamespaceAsync("bench-secrets");
        await server.Api.PutKvValueAsync(ns, "hmac-key", HmacSecret);
        await server.Api.PutWorkerAsync("kv-hmac", WorkerCode.Read("kv-hmac.js"), [new { type = "kv_namespace", name = "KV", namespace_id = ns }]);
        await server.Api.PutAssetsOnlyWorkerAsync("static", StaticFiles.All);
        await server.Api.CreateDispatchNamespaceAsync("bench");
        await server.Api.PutWorkerAsync("user", WorkerCode.Read("hello.js"), dispatchNamespace: "bench");
        await server.Api.PutWorkerAsync("dispatcher", WorkerCode.Read("dispatcher.js"),
            [new { type = "dispatch_namespace", name = "DISPATCHER", @namespace = "bench" }]);
    }

    private static IEnumerable<(string Name, string Script, string Path, Func<HttpResponseMessage, Task<string?>> Check)> Scenarios()
    {
        yield return ("hello JSON", "hello", "/", Body(b => b.Contains("\"hello\":\"world\"")));
        yield return ("KV read + HMAC", "kv-hmac", "/", Body(b => b.Length == 64));
        yield return ("static 2 KB", "static", StaticFiles.Small, Body(b => b.Length == StaticFiles.All[StaticFiles.Small].Length));
        yield return ("dispatch → user worker", "dispatcher", "/", Body(b => b.Contains("\"hello\":\"world\"")));
    }

    private static Func<HttpResponseMessage, Task<string?>> Body(Func<string, bool> ok) => async r =>
    {
        var body = await r.Content.ReadAsStringAsync();
        return r.IsSuccessStatusCode && ok(body) ? null : $"{(int)r.StatusCode} {SideBySide.Trim(body)}";
    };

    private const string KvNamespace = "capacity";

    /// <summary>
    /// The API operations measured for capacity: name, concurrent loops, most operations, what each server needs first,
    /// and one operation (loop index and sequence number make every key and script name distinct).
    /// </summary>
    private IEnumerable<(string, int, long, Func<SwitchyardProcess, Task>, Func<SwitchyardProcess, int, long, Task<HttpResponseMessage>>)> Operations()
    {
        var kvIds = new Dictionary<SwitchyardProcess, string>();
        async Task PrepareKv(SwitchyardProcess s) => kvIds[s] = await s.Api.CreateKvNamespaceAsync(KvNamespace);

        yield return ("deploy (script upload into a dispatch namespace)", 4, 2_000,
            s => s.Api.CreateDispatchNamespaceAsync("capacity"),
            (s, loop, n) => s.SendAsync(HttpMethod.Put, $"workers/dispatch/namespaces/capacity/scripts/cap-{n}", ScriptForm(n)));
        yield return ("KV write (PUT value, 100 B)", 32, 200_000, PrepareKv,
            (s, loop, n) => s.SendAsync(HttpMethod.Put, $"storage/kv/namespaces/{SharedKv(s, kvIds)}/values/k{n}", new StringContent(new string('v', 100))));
        yield return ("KV read (GET value)", 32, 400_000, _ => Task.CompletedTask,
            (s, loop, n) => s.SendAsync(HttpMethod.Get, $"storage/kv/namespaces/{SharedKv(s, kvIds)}/values/k{1 + n % 500}", null));
    }

    /// <summary>The capacity KV namespace a server writes to: its own, or (node B) the one node A made in the shared database.</summary>
    private static string SharedKv(SwitchyardProcess s, Dictionary<SwitchyardProcess, string> ids) =>
        ids.TryGetValue(s, out var id) ? id : ids.Where(k => k.Key.Name != SqliteNode).Select(k => k.Value).First();

    private const string SqliteNode = "pg-sqlite-node";

    private static MultipartFormDataContent ScriptForm(long n)
    {
        var form = new MultipartFormDataContent();
        var metadata = new StringContent($$"""{"main_module":"index.js","compatibility_date":"2025-06-01"}""");
        metadata.Headers.ContentType = null;
        form.Add(metadata, "metadata");
        var module = new ByteArrayContent(Encoding.UTF8.GetBytes($"export default {{ fetch() {{ return new Response('{n}'); }} }};"));
        module.Headers.ContentType = new MediaTypeHeaderValue("application/javascript+module");
        form.Add(module, "index.js", "index.js");
        return form;
    }

    private static string RequestPathTable(List<(string Name, Figures? Sqlite, Figures? Postgres, List<string> Problems)> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | SQLite node req/s | PostgreSQL node req/s | PostgreSQL / SQLite | SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms | target ≥ 0.9× | note |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|---|---|");
        foreach (var (name, s, p, problems) in rows)
        {
            var ratio = Ratio.Of(p?.Rps, s?.Rps);
            sb.AppendLine($"| {name} | {Ratio.Number(s?.Rps)} | {Ratio.Number(p?.Rps)} | {Ratio.Format(ratio)} | " +
                          $"{Ratio.Number(s?.P50Ms)} / {Ratio.Number(s?.P99Ms)} | {Ratio.Number(p?.P50Ms)} / {Ratio.Number(p?.P99Ms)} | " +
                          $"{(ratio is null ? "–" : ratio >= 0.9 ? "yes" : "**no**")} | {string.Join("; ", problems)} |");
        }
        return sb.ToString();
    }

    private static string CapacityTable(List<(string Operation, ApiLoadResult Sqlite, ApiLoadResult Postgres, IReadOnlyDictionary<string, long> Connections)> rows,
        IReadOnlyDictionary<string, long> idle)
    {
        static string Cell(ApiLoadResult r) =>
            $"{Ratio.Number(r.PerSecond)} ({Ratio.Number(r.P50Ms)} / {Ratio.Number(r.P99Ms)} ms)" + (r.Errors > 0 ? $", {r.Errors} errors" : "");
        static string Nodes(IReadOnlyDictionary<string, long> c) =>
            c.Count == 0 ? "–" : string.Join(", ", c.OrderBy(x => x.Key).Select(x => $"{x.Key["switchyard-node-".Length..]}: {x.Value}"));
        var sb = new StringBuilder();
        sb.AppendLine("| API operation | one SQLite node: ops/s (p50 / p99) | two nodes on one PostgreSQL: ops/s (p50 / p99) | most PostgreSQL connections per node | first error |");
        sb.AppendLine("|---|--:|--:|---|---|");
        foreach (var (operation, s, p, connections) in rows)
            sb.AppendLine($"| {operation} | {Cell(s)} | {Cell(p)} | {Nodes(connections)} | {SideBySide.Trim(p.FirstError ?? s.FirstError ?? "")} |");
        sb.AppendLine();
        sb.AppendLine($"Idle nodes held {Nodes(idle)} connection(s) each (the change feed's LISTEN connection and pooled ones).");
        return sb.ToString();
    }
}
