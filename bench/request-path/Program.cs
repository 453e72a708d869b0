// The runtime's own cost per request, without Kestrel, sockets or load: WorkerRuntime.FetchAsync awaited in a loop on
// one thread, for the hello worker, for a worker answering a constant, and for the hello worker deployed as TENANTS
// separate workers requested in turn (each request goes to the isolate used longest ago: what a rarely used tenant
// costs). Process CPU time per request, the best of several rounds, so that a noisy VM moves the figure less than it
// moves a loopback load run.
// Run: dotnet run -c Release --project bench/request-path [-- ROUNDS REQUESTS_PER_ROUND [TENANTS]]
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Scripts;

int rounds = args.Length > 0 ? int.Parse(args[0]) : 5;
int perRound = args.Length > 1 ? int.Parse(args[1]) : 100_000;
int tenants = args.Length > 2 ? int.Parse(args[2]) : 1_000;
string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
string dataDir = Path.Combine(Path.GetTempPath(), "switchyard-request-path-" + Guid.NewGuid().ToString("N"));
try
{
    var storage = new EmbeddedStorage(dataDir);
    string account = Guid.NewGuid().ToString("N");
    await storage.Accounts.CreateAsync(account, "bench", "bench" + account[..8]);
    using var runtime = new WorkerRuntime(new RuntimeOptions(), storage.Blobs, storage.Kv, storage.Workers, new HttpOutboundFetcher(new OutboundAddressPolicy()), [],
        NullLoggerFactory.Instance);

    var workers = new (string Name, string Source)[]
    {
        ("hello (bench/workers/hello.js)", File.ReadAllText(Path.Combine(root, "bench/workers/hello.js"))),
        ("constant (new Response(\"x\"))", "export default { fetch() { return new Response(\"x\"); } };"),
    };
    Console.WriteLine($"runtime request path, in process: best of {rounds} rounds of {perRound:N0} requests, one thread");
    foreach (var (name, source) in workers)
    {
        var (worker, version) = await DeployAsync(storage, account, source);
        var request = Request();
        for (int i = 0; i < perRound / 5; i++) await FetchAsync(runtime, worker, version, request);  // tier-1 JIT, V8 optimization
        double best = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < perRound; i++) await FetchAsync(runtime, worker, version, request);
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / perRound);
        }
        Console.WriteLine($"{name}: {best:F1} µs of CPU per request");
    }

    // A dispatched request: a dispatcher (bench/workers/dispatcher.js) whose dispatch namespace binding forwards to the
    // hello worker in the namespace. Also counted: .NET thread-pool work items per request (each is a hand-over between
    // threads, the part of a dispatched request's cost that CPU time on one thread hides).
    {
        var ns = await storage.Namespaces.CreateAsync(account, "bench", "bench");
        await CommitAsync(storage, ScriptOwner.Namespace(ns), "user", workers[0].Source);
        await CommitAsync(storage, ScriptOwner.Account(account), "dispatcher",
            File.ReadAllText(Path.Combine(root, "bench/workers/dispatcher.js")), new DispatchNamespaceBinding("DISPATCHER", "bench", null));
        WorkerRef dispatcher = storage.Workers.FindAccountScript(account, "dispatcher")!;
        DeployedVersion version = (await storage.Workers.LoadAsync(dispatcher.VersionId))!;
        var request = Request();
        for (int i = 0; i < perRound / 5; i++) await FetchAsync(runtime, dispatcher, version, request);
        double best = double.MaxValue, hops = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long items = ThreadPool.CompletedWorkItemCount;
            for (int i = 0; i < perRound; i++) await FetchAsync(runtime, dispatcher, version, request);
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / perRound);
            hops = Math.Min(hops, (double)(ThreadPool.CompletedWorkItemCount - items) / perRound);
        }
        Console.WriteLine($"dispatch (bench/workers/dispatcher.js to hello): {best:F1} µs of CPU per request, {hops:F2} pool work items");
    }

    string hello = workers[0].Source;
    var many = new List<(WorkerRef, DeployedVersion)>();
    for (int i = 0; i < tenants; i++) many.Add(await DeployAsync(storage, account, hello));
    // Each isolate's first requests load it and fill its inline caches; then the rounds, every request to the next one.
    for (int i = 0; i < tenants * 20; i++) await FetchAsync(runtime, many[i % tenants].Item1, many[i % tenants].Item2, Request());
    double bestMany = double.MaxValue;
    for (int round = 0; round < rounds; round++)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < perRound; i++) await FetchAsync(runtime, many[i % tenants].Item1, many[i % tenants].Item2, Request());
        bestMany = Math.Min(bestMany, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / perRound);
    }
    Console.WriteLine($"hello, {tenants:N0} workers requested in turn: {bestMany:F1} µs of CPU per request");
}
finally
{
    try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
}

// What the edge hands the runtime for `GET /` from wrk: its one header plus the two the edge adds, and the edge's cf.
static WorkerRequest Request() => new("GET", "http://hello.bench.workers.localhost/",
    [new("host", "hello.bench.workers.localhost"), new("cf-connecting-ip", "127.0.0.1"), new("x-forwarded-proto", "http")], null,
    """{"colo":"local","httpProtocol":"HTTP/1.1","clientAcceptEncoding":""}""");

static async Task FetchAsync(WorkerRuntime runtime, WorkerRef worker, DeployedVersion version, WorkerRequest request)
{
    WorkerResponse response = await runtime.FetchAsync(worker, version, request, CancellationToken.None);
    if (response.Status != 200 || !response.TryGetWholeBody(out _)) throw new InvalidOperationException($"unexpected answer {response.Status}");
}

// A script committed and deployed as the control plane does it (the directory then finds it by name).
static async Task CommitAsync(EmbeddedStorage storage, ScriptOwner owner, string name, string source, params WorkerBinding[] bindings)
{
    ScriptModule module = await ModuleAsync(storage, source);
    var content = new VersionContent
    {
        MainModule = "index.js", Modules = [module], Bindings = bindings, CompatibilityDate = "2025-06-01", CompatibilityFlags = [],
        Handlers = ["fetch"],
    };
    await storage.Scripts.CommitAsync(owner, name, new VersionCommit("bench", _ => content, CreateScript: true, Deploy: true));
}

static async Task<(WorkerRef, DeployedVersion)> DeployAsync(EmbeddedStorage storage, string account, string source)
{
    ScriptModule module = await ModuleAsync(storage, source);
    string versionId = Guid.NewGuid().ToString();
    var content = new VersionContent { MainModule = "index.js", Modules = [module], Bindings = [], CompatibilityFlags = [] };
    var version = new DeployedVersion(new ScriptVersion(versionId, "script-" + versionId, 1, DateTimeOffset.UtcNow, "bench", content),
        new Dictionary<string, StoredAsset>());
    return (new WorkerRef(account, "script-" + versionId, "w" + versionId[..8], null, true, versionId, []), version);
}

// The worker's one module, its code stored as a blob.
static async Task<ScriptModule> ModuleAsync(EmbeddedStorage storage, string source)
{
    byte[] bytes = Encoding.UTF8.GetBytes(source);
    return new ScriptModule("index.js", "application/javascript+module", await storage.Blobs.PutAsync(bytes), bytes.Length);
}
