using System.Collections.Concurrent;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// What one worker host process may ask the server for: exactly what the versions the server sent it to run need.
/// A version is granted when the server routes an invocation of it to the host; with it come its module blobs, its KV
/// namespaces and its account (outbound fetches and console lines are made in a served account's name). A host that
/// asks beyond its grants (an engine exploit trying another tenant's data) is refused and logged: it reaches no more
/// than the tenants it holds. A replaced host starts with no grants.
/// <para>
/// Grants also lapse (<see cref="PruneIdle"/>): a version none of whose worker's isolates is warm in the host, and that
/// was not invoked there for <see cref="IdleGrant"/>, is taken back with whatever only it needed. Without that, a
/// long-lived host's reach would grow to every tenant it ever served. The next invocation grants it again (and its
/// first-invocation preload goes with it, as in a new host).
/// </para>
/// </summary>
internal sealed class HostGrants
{
    /// <summary>How long a version stays granted after its last invocation in the host once none of its isolates is warm.</summary>
    public static readonly TimeSpan IdleGrant = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Granted> _versions = new(StringComparer.Ordinal);
    // Accounts and KV namespaces granted to validate an upload (no version yet), by when.
    private readonly Dictionary<string, (HashSet<string> KvNamespaces, long At)> _validations = new(StringComparer.Ordinal);
    // What the granted versions need, rebuilt whole when grants lapse; new grants add to the current sets.
    private volatile Derived _derived = new();
    private readonly Lock _gate = new();  // new grants and pruning; the checks read without it

    /// <summary>The WebSockets handed to the host (a binding's or a fetch's), which it alone may claim.</summary>
    public Protocol.WebSocketHandoffs WebSockets { get; } = new();

    /// <summary>The invocations the host runs, by their tickets: what its subrequests and binding calls are checked and counted against.</summary>
    public HostTickets Tickets { get; } = new();

    /// <summary>The process these grants are for (for the log of a refused call).</summary>
    public int ProcessId { get; set; }

    /// <summary>Grants <paramref name="version"/> (run as <paramref name="worker"/>); true when the host does not have it yet.</summary>
    public bool Grant(WorkerRef worker, DeployedVersion version, long now)
    {
        // The hot path: the same version of the same worker again (WorkerRef objects are cached by the directory).
        if (_versions.TryGetValue(version.Version.Id, out Granted? known) && ReferenceEquals(known.Worker, worker))
        {
            known.Used(now);
            // Still there after the use was recorded: a prune that took it away looks at the use again and puts it back.
            if (_versions.TryGetValue(version.Version.Id, out Granted? still) && ReferenceEquals(still, known)) return false;
        }
        lock (_gate)
        {
            var granted = new Granted(worker, version);
            granted.Used(now);
            bool first = !_versions.ContainsKey(version.Version.Id);
            _versions[version.Version.Id] = granted;
            _derived.Add(granted);
            return first;
        }
    }

    /// <summary>An account and KV namespaces it owns, for validating an upload (no version exists yet).</summary>
    public void GrantAccount(string accountId, IReadOnlyList<string> kvNamespaces, long now)
    {
        lock (_gate)
        {
            HashSet<string> kv = _validations.TryGetValue(accountId, out var earlier) ? earlier.KvNamespaces : new(StringComparer.Ordinal);
            kv.UnionWith(kvNamespaces);
            _validations[accountId] = (kv, now);
            _derived.Add(accountId, kvNamespaces);
        }
    }

    /// <summary>The host's warm isolates as it last reported them (for the warm gauges of <c>/metrics</c>, and what keeps grants).</summary>
    public IReadOnlyList<(WorkerRef Worker, long FootprintBytes)> Warm { get; set; } = [];

    public Granted? Version(string versionId) => _versions.GetValueOrDefault(versionId);
    public bool Serves(string accountId) => _derived.Accounts.ContainsKey(accountId);
    public bool MayUseKv(string namespaceId) => _derived.KvNamespaces.ContainsKey(namespaceId);

    /// <summary>Whether a version it runs, of <paramref name="accountId"/>, has a rate limit binding with exactly these terms.</summary>
    public bool MayRateLimit(string accountId, string namespaceId, RateLimitSimple simple) =>
        _derived.RateLimits.ContainsKey(Derived.RateLimitKey(accountId, namespaceId, simple));
    public bool MayRead(string blobKey) => _derived.Blobs.ContainsKey(blobKey);

    /// <summary>
    /// Takes back what lapsed by <paramref name="now"/> (<see cref="Environment.TickCount64"/> milliseconds): versions
    /// idle for <see cref="IdleGrant"/> whose worker has no isolate in <see cref="Warm"/>, and validation grants as old.
    /// </summary>
    public void PruneIdle(long now)
    {
        long idleBefore = now - (long)IdleGrant.TotalMilliseconds;
        var warm = Warm.Select(w => (w.Worker.AccountId, w.Worker.NamespaceName, w.Worker.ScriptName)).ToHashSet();
        lock (_gate)
        {
            bool lapsed = false;
            foreach ((string id, Granted granted) in _versions)
            {
                WorkerRef w = granted.Worker;
                if (granted.LastUsed >= idleBefore || warm.Contains((w.AccountId, w.NamespaceName, w.ScriptName))) continue;
                if (!_versions.TryRemove(new KeyValuePair<string, Granted>(id, granted))) continue;
                if (granted.LastUsed >= idleBefore) _versions.TryAdd(id, granted);  // invoked meanwhile (see Grant)
                else lapsed = true;
            }
            foreach (string account in _validations.Where(v => v.Value.At < idleBefore).Select(v => v.Key).ToList())
                lapsed |= _validations.Remove(account);
            if (!lapsed) return;
            var derived = new Derived();
            foreach (Granted granted in _versions.Values) derived.Add(granted);
            foreach ((string account, (HashSet<string> kv, _)) in _validations) derived.Add(account, kv);
            _derived = derived;
        }
    }

    /// <summary>The accounts, KV namespaces and module blobs the current grants reach.</summary>
    private sealed class Derived
    {
        public ConcurrentDictionary<string, byte> Accounts { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> KvNamespaces { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> Blobs { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> RateLimits { get; } = new(StringComparer.Ordinal);

        public static string RateLimitKey(string accountId, string namespaceId, RateLimitSimple simple) =>
            $"{accountId}/{namespaceId}/{simple.Limit}/{simple.Period}";

        public void Add(Granted granted)
        {
            VersionContent content = granted.Version.Version.Content;
            Add(granted.Worker.AccountId, content.Bindings.OfType<KvNamespaceBinding>().Select(kv => kv.NamespaceId));
            foreach (ScriptModule module in content.Modules) Blobs.TryAdd(module.BlobKey, 0);
            foreach (RateLimitBinding limit in content.Bindings.OfType<RateLimitBinding>())
                RateLimits.TryAdd(RateLimitKey(granted.Worker.AccountId, limit.NamespaceId, limit.Simple), 0);
        }

        public void Add(string accountId, IEnumerable<string> kvNamespaces)
        {
            Accounts.TryAdd(accountId, 0);
            foreach (string id in kvNamespaces) KvNamespaces.TryAdd(id, 0);
        }
    }
}
