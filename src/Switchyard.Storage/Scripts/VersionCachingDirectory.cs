using System.Collections.Concurrent;

namespace Switchyard.Storage.Scripts;

/// <summary>
/// A worker directory whose <see cref="LoadAsync"/> results are kept by version id. Versions are immutable, so an entry
/// never goes stale, while the name lookups still hit storage on every call (a deploy or delete is seen at once).
/// Dispatch and service bindings load the target's version on every call; without this each call would re-read the
/// version row and its asset manifest. Concurrent loads of one id share a read; a failed or empty load is not kept;
/// past <see cref="Capacity"/> entries, arbitrary ones are dropped and reload on their next use.
/// </summary>
public sealed class VersionCachingDirectory(IWorkerDirectory inner) : IWorkerDirectory
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<DeployedVersion?>>> _versions = new(StringComparer.Ordinal);

    public WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName) => inner.FindBySubdomain(accountSubdomain, scriptName);

    public WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName) => inner.FindOnSubdomainAccount(accountSubdomain, scriptName);

    public WorkerRef? FindAccountScript(string accountId, string scriptName) => inner.FindAccountScript(accountId, scriptName);

    public WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName) =>
        inner.FindNamespaceScript(accountId, namespaceName, scriptName);

    public async Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default)
    {
        // Not the caller's token: a load shared by several callers must not fail because the first one went away.
        var entry = _versions.GetOrAdd(versionId, id => new Lazy<Task<DeployedVersion?>>(() => ReadAsync(id)));
        DeployedVersion? version;
        try
        {
            version = await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (entry.Value.IsFaulted)
        {
            _versions.TryRemove(new(versionId, entry));  // retried by the next caller
            throw;
        }
        if (version is null) _versions.TryRemove(new(versionId, entry));
        return version;
    }

    // Trims only after a real read: a cache hit, every dispatch call's case, must not walk the keys.
    private async Task<DeployedVersion?> ReadAsync(string versionId)
    {
        var version = await inner.LoadAsync(versionId, CancellationToken.None).ConfigureAwait(false);
        TrimToCapacity();
        return version;
    }

    private void TrimToCapacity()
    {
        foreach (var id in _versions.Keys)
        {
            if (_versions.Count <= Capacity) break;
            _versions.TryRemove(id, out _);
        }
    }
}
