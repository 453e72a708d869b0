using System.Text;
using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// A real runtime over a temp <see cref="EmbeddedStorage"/>: versions are built in memory with their modules in the
/// blob store, and console output is collected.
/// </summary>
public sealed class RuntimeFixture : IDisposable, IWorkerLogSink
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-runtime-" + Guid.NewGuid().ToString("N"));
    private readonly List<WorkerLogEntry> _logs = [];

    public RuntimeFixture() : this(new RuntimeOptions()) { }

    /// <param name="outbound">Where workers' fetch() and connect() may connect: by default loopback too, where tests' upstreams listen.</param>
    public RuntimeFixture(RuntimeOptions options, GuardedConnector? outbound = null)
    {
        Storage = new EmbeddedStorage(_dir);
        // The embedded store completes its tasks before returning (CompletedTasks): waiting here blocks nothing.
        Storage.Accounts.CreateAsync(AccountId, "runtime tests", "rt" + AccountId[..12]).GetAwaiter().GetResult();
        Outbound = outbound ?? new GuardedConnector(new OutboundAddressPolicy(LoopbackRanges));
        Fetcher = new HttpOutboundFetcher(Outbound);
        Runtime = new WorkerRuntime(options, Storage.Blobs, Storage.Kv, Storage.Workers, Fetcher, [this], HostLog, dialer: Outbound);
    }

    /// <summary>What the runtime wrote to the host's log.</summary>
    public CapturingLoggerFactory HostLog { get; } = new();

    /// <summary>127.0.0.0/8 and ::1: the only addresses tests send traffic to, allowed as an operator allows a private range.</summary>
    public static readonly System.Net.IPNetwork[] LoopbackRanges =
        [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")];

    public GuardedConnector Outbound { get; }
    public HttpOutboundFetcher Fetcher { get; }

    public EmbeddedStorage Storage { get; }
    public WorkerRuntime Runtime { get; }
    public string AccountId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Creates another account (for cross-account checks) and returns its id.</summary>
    public string CreateAccount()
    {
        string id = Guid.NewGuid().ToString("N");
        Storage.Accounts.CreateAsync(id, "other", "o" + id[..12]).GetAwaiter().GetResult();
        return id;
    }

    public IReadOnlyList<WorkerLogEntry> Logs
    {
        get { lock (_logs) return [.. _logs]; }
    }

    public void Write(WorkerLogEntry entry)
    {
        lock (_logs) _logs.Add(entry);
    }

    /// <summary>A deployed version of <paramref name="script"/> whose first module is the main one.</summary>
    public async Task<(WorkerRef Worker, DeployedVersion Version)> DeployAsync(string script, IEnumerable<(string Name, string ContentType, byte[] Bytes)> modules,
        IReadOnlyList<WorkerBinding>? bindings = null, bool serviceWorker = false, int? cpuMs = null, IReadOnlyList<string>? compatibilityFlags = null,
        string? compatibilityDate = "2025-06-01")
    {
        var stored = new List<ScriptModule>();
        foreach (var (name, type, bytes) in modules)
            stored.Add(new ScriptModule(name, type, await Storage.Blobs.PutAsync(bytes), bytes.Length));
        string versionId = Guid.NewGuid().ToString();
        var content = new VersionContent
        {
            MainModule = stored[0].Name,
            ServiceWorker = serviceWorker,
            Modules = stored,
            Bindings = bindings ?? [],
            CpuMs = cpuMs,
            CompatibilityFlags = compatibilityFlags ?? [],
            CompatibilityDate = compatibilityDate,
        };
        var version = new DeployedVersion(new ScriptVersion(versionId, "script-" + script, 1, DateTimeOffset.UtcNow, "test", content),
            new Dictionary<string, StoredAsset>());
        return (new WorkerRef(AccountId, "script-" + script, script, null, true, versionId, []), version);
    }

    public Task<(WorkerRef Worker, DeployedVersion Version)> DeployAsync(string script, string mainModule, IReadOnlyList<WorkerBinding>? bindings = null, int? cpuMs = null) =>
        DeployAsync(script, [("index.js", "application/javascript+module", Encoding.UTF8.GetBytes(mainModule))], bindings, cpuMs: cpuMs);

    public async Task<(WorkerResponse Response, string Body)> FetchAsync((WorkerRef Worker, DeployedVersion Version) deployed,
        string url = "https://example.com/", string method = "GET", Stream? body = null, params (string, string)[] headers)
    {
        WorkerResponse response = await Runtime.FetchAsync(deployed.Worker, deployed.Version,
            new WorkerRequest(method, url, [.. headers.Select(h => KeyValuePair.Create(h.Item1, h.Item2))], body), CancellationToken.None);
        string text = "";
        if (response.Body is { } stream)
        {
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync();
        }
        return (response, text);
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public void Dispose()
    {
        Runtime.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
