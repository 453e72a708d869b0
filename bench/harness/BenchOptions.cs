namespace Switchyard.Bench;

/// <summary>What to run and with which tools; <c>bench/run.sh</c> fills the paths, the user picks the mode.</summary>
public sealed record BenchOptions
{
    public required string SwitchyardDll { get; init; }
    public required string CeilingDll { get; init; }
    public required string Workerd { get; init; }
    public required string Wrk { get; init; }
    public required string OutDir { get; init; }
    /// <summary>Every started server's pid is appended here, so run.sh's trap can stop them if the harness dies.</summary>
    public string? PidFile { get; init; }
    /// <summary>node + wrangler.js from the conformance cache, when present: adds a wrangler deploy row.</summary>
    public string? Node { get; init; }
    public string? Wrangler { get; init; }
    public bool Quick { get; init; }
    public IReadOnlySet<string>? Only { get; init; }

    public int Connections { get; init; } = 32;
    /// <summary>The least and the most warm-up before a measured load run (see <see cref="Load.Wrk.MeasureAsync"/>).</summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Quick ? 2 : 8);
    public TimeSpan MaxWarmup => TimeSpan.FromSeconds(Quick ? 10 : 30);
    public TimeSpan Duration => TimeSpan.FromSeconds(Quick ? 3 : 15);
    /// <summary>The measured time is split into this many rounds, the servers of a scenario taking turns.</summary>
    public int Rounds => 3;
    /// <summary>Distinct workers loaded in the cold-start scenario.</summary>
    public int ColdWorkers { get; init; }
    public int Deploys => Quick ? 5 : 30;
    /// <summary>
    /// Extra <c>serve</c> options for every Switchyard the harness starts (experiments with its settings), without
    /// <c>--worker-hosts</c>: that one is taken out into <see cref="WorkerHosts"/>.
    /// </summary>
    public IReadOnlyList<string> SwitchyardArgs { get; init; } = [];
    /// <summary>
    /// <c>serve --worker-hosts</c> for every Switchyard the harness starts, always passed explicitly, so the figures
    /// do not move when serve's default does: the count given in <c>--switchyard-args</c>, else
    /// <see cref="DefaultWorkerHosts"/>. The in-process comparison (hello, tenants) starts one more server with 0.
    /// </summary>
    public int WorkerHosts { get; init; } = DefaultWorkerHosts;
    /// <summary>The count serve itself defaults to (issue 23): one worker host per core, 2 to 16.</summary>
    public static int DefaultWorkerHosts => Math.Clamp(Environment.ProcessorCount, 2, 16);
    /// <summary>Whether hello and the tenants' Zipf load also run on an in-process Switchyard (not when that is all there is).</summary>
    public bool ComparesInProcess => WorkerHosts > 0;
    /// <summary>An empty PostgreSQL database (Npgsql connection string) for the <c>pg</c> scenario; run.sh makes one.</summary>
    public string? Postgres { get; init; }
    /// <summary>The worker counts of the many-tenant scenario, one run each.</summary>
    public IReadOnlyList<int> Tenants { get; init; } = [1000, 10000];

    public bool Runs(string scenario) => Only is null || Only.Contains(scenario);

    /// <summary>Scenarios that run only when <c>--only</c> names them (they need more than the others: <c>pg</c> a database).</summary>
    public bool RunsWhenNamed(string scenario) => Only?.Contains(scenario) == true;

    public const string Usage =
        "usage: Switchyard.Bench --switchyard DLL --ceiling DLL --workerd BIN --wrk BIN --out DIR [--pids FILE]\n" +
        "                        [--node BIN --wrangler JS] [--quick] [--only a,b,...] [--connections N] [--cold-workers N]\n" +
        "                        [--tenants N,N,...] [--switchyard-args \"serve options\"] [--postgres CONNSTR]\n" +
        "serve runs with --worker-hosts <cores, 2..32> unless --switchyard-args gives a count\n" +
        "scenarios: ceiling hello kv-hmac static dispatch cold-start deploy tenants; pg (only when named, with --postgres)";

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick") { quick = true; continue; }
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            values[args[i][2..]] = args[++i];
        }
        var (serveArgs, workerHosts) = TakeWorkerHosts(values.TryGetValue("switchyard-args", out var a) ? a.Split(' ', StringSplitOptions.RemoveEmptyEntries) : []);
        string Required(string name) => values.GetValueOrDefault(name) ?? throw new ArgumentException($"--{name} is required\n{Usage}");
        return new BenchOptions
        {
            SwitchyardDll = Required("switchyard"),
            CeilingDll = Required("ceiling"),
            Workerd = Required("workerd"),
            Wrk = Required("wrk"),
            OutDir = Required("out"),
            PidFile = values.GetValueOrDefault("pids"),
            Node = values.GetValueOrDefault("node"),
            Wrangler = values.GetValueOrDefault("wrangler"),
            Quick = quick,
            Only = values.TryGetValue("only", out var only) ? only.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : null,
            Connections = values.TryGetValue("connections", out var c) ? int.Parse(c) : 32,
            ColdWorkers = values.TryGetValue("cold-workers", out var n) ? int.Parse(n) : quick ? 50 : 1000,
            SwitchyardArgs = serveArgs,
            WorkerHosts = workerHosts ?? DefaultWorkerHosts,
            Postgres = values.GetValueOrDefault("postgres"),
            Tenants = values.TryGetValue("tenants", out var t) ? [.. t.Split(',').Select(int.Parse)] : quick ? [100] : [1000, 10000],
        };
    }

    /// <summary>
    /// Splits <c>--worker-hosts N</c> (or <c>--worker-hosts=N</c>) out of the serve options: the harness passes the
    /// count itself, once (0 to the in-process server), rather than leave two counts to serve's parser.
    /// </summary>
    private static (string[] Others, int? WorkerHosts) TakeWorkerHosts(string[] serveArgs)
    {
        var rest = new List<string>();
        int? count = null;
        for (var i = 0; i < serveArgs.Length; i++)
        {
            string? value = serveArgs[i] == "--worker-hosts" ? (i + 1 < serveArgs.Length ? serveArgs[++i] : "")
                : serveArgs[i].StartsWith("--worker-hosts=") ? serveArgs[i]["--worker-hosts=".Length..] : null;
            if (value is null) rest.Add(serveArgs[i]);
            else count = int.TryParse(value, out var n) && n >= 0 ? n : throw new ArgumentException($"--worker-hosts needs a count, not '{value}'\n{Usage}");
        }
        return ([.. rest], count);
    }
}
