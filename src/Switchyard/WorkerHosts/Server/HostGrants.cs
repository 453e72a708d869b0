using System.Collections.Concurrent;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// What one worker host process may ask the server for: exactly what the versions the server sent it to run need.
/// A version is granted when the server routes an invocation of it to the host; with it come its module blobs, its KV
/// namespaces and its account (outbound fetches and console lines are made in a served account's name). A host that
/// asks beyond its grants (an engine exploit trying another tenant's data) is refused and logged: it reaches no more
/// than the tenants it already holds. A replaced host starts with no grants.
/// </summary>
internal sealed class HostGrants
{
    private readonly ConcurrentDictionary<string, Granted> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _kvNamespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _blobs = new(StringComparer.Ordinal);

    /// <summary>The WebSockets handed to the host (a binding's or a fetch's), which it alone may claim.</summary>
    public Protocol.WebSocketHandoffs WebSockets { get; } = new();

    /// <summary>The process these grants are for (for the log of a refused call).</summary>
    public int ProcessId { get; set; }

    /// <summary>Grants <paramref name="version"/> (run as <paramref name="worker"/>); true when the host had not been sent it before.</summary>
    public bool Grant(WorkerRef worker, DeployedVersion version)
    {
        // The hot path: the same version of the same worker again (WorkerRef objects are cached by the directory).
        if (_versions.TryGetValue(version.Version.Id, out Granted? known) && ReferenceEquals(known.Worker, worker)) return false;
        _versions[version.Version.Id] = new Granted(worker, version);
        _accounts.TryAdd(worker.AccountId, 0);
        foreach (KvNamespaceBinding kv in version.Version.Content.Bindings.OfType<KvNamespaceBinding>()) _kvNamespaces.TryAdd(kv.NamespaceId, 0);
        foreach (ScriptModule module in version.Version.Content.Modules) _blobs.TryAdd(module.BlobKey, 0);
        return known is null;
    }

    /// <summary>An account and KV namespaces it owns, for validating an upload (no version exists yet).</summary>
    public void GrantAccount(string accountId, IEnumerable<string> kvNamespaces)
    {
        _accounts.TryAdd(accountId, 0);
        foreach (string id in kvNamespaces) _kvNamespaces.TryAdd(id, 0);
    }

    /// <summary>The host's warm isolates as it last reported them (for the warm gauges of <c>/metrics</c>).</summary>
    public IReadOnlyList<(WorkerRef Worker, long FootprintBytes)> Warm { get; set; } = [];

    public Granted? Version(string versionId) => _versions.GetValueOrDefault(versionId);
    public bool Serves(string accountId) => _accounts.ContainsKey(accountId);
    public bool MayUseKv(string namespaceId) => _kvNamespaces.ContainsKey(namespaceId);
    public bool MayRead(string blobKey) => _blobs.ContainsKey(blobKey);
}

/// <summary>A version a host was sent to run, and the worker it ran as.</summary>
internal sealed record Granted(WorkerRef Worker, DeployedVersion Version);
