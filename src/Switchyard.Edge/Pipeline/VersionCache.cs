using System.Collections.Concurrent;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// Compiled versions by version id. Versions are immutable, so an entry never goes stale: a deploy changes which id
/// the directory returns, and the new id is loaded on first use. Concurrent first requests share one load. When more
/// than <see cref="Capacity"/> versions are held, arbitrary ones are dropped (they reload on their next request).
/// </summary>
public sealed class VersionCache(IWorkerDirectory directory)
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedVersion?>>> _versions = new(StringComparer.Ordinal);

    /// <summary>The version with this id, or null when it no longer exists (deleted between lookup and load).</summary>
    public async Task<LoadedVersion?> GetAsync(string versionId)
    {
        var entry = _versions.GetOrAdd(versionId, id => new Lazy<Task<LoadedVersion?>>(() => LoadAsync(id)));
        try
        {
            var loaded = await entry.Value;
            if (loaded is null) _versions.TryRemove(new(versionId, entry));
            return loaded;
        }
        catch
        {
            _versions.TryRemove(new(versionId, entry)); // a failed load is retried by the next request
            throw;
        }
    }

    /// <summary>The compiled form of a version someone already loaded (the assets binding gets it from the runtime).</summary>
    public LoadedVersion Get(DeployedVersion deployed)
    {
        var id = deployed.Version.Id;
        if (_versions.TryGetValue(id, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully &&
            entry.Value.Result is { } loaded)
            return loaded;
        var compiled = LoadedVersion.Compile(deployed);
        Add(id, new Lazy<Task<LoadedVersion?>>(Task.FromResult<LoadedVersion?>(compiled)));
        return compiled;
    }

    private async Task<LoadedVersion?> LoadAsync(string versionId)
    {
        // Not the request's token: a load shared by several requests must not fail because the first one went away.
        var deployed = await directory.LoadAsync(versionId, CancellationToken.None);
        TrimToCapacity();
        return deployed is null ? null : LoadedVersion.Compile(deployed);
    }

    private void Add(string id, Lazy<Task<LoadedVersion?>> entry)
    {
        _versions.TryAdd(id, entry);
        TrimToCapacity();
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
