using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Cache;

/// <summary>
/// Whose cache a worker reads and writes, as on Workers for Platforms: an account's own scripts share the account's
/// cache (its URLs name its zones and workers subdomain, so keys of different zones never meet); the scripts of a
/// trusted namespace share the namespace's; each script of an untrusted namespace (the default) has a cache of its
/// own, and there <c>caches.default</c> is disabled: it stores nothing and finds nothing.
/// </summary>
public static class CacheScope
{
    /// <summary>The key of <paramref name="url"/> in cache <paramref name="name"/> (null: caches.default) for
    /// <paramref name="worker"/>; null when that cache is disabled for it.</summary>
    public static string? Key(WorkerRef worker, string? name, string url)
    {
        string partition;
        if (worker.NamespaceName is not { } ns) partition = worker.AccountId;
        else if (worker.TrustedWorkers) partition = $"{worker.AccountId}/{ns}";
        else if (name is null) return null;
        else partition = $"{worker.AccountId}/{ns}/{worker.ScriptName}";
        // NUL cannot occur in an id, a name or a URL, so the parts cannot run into each other.
        return $"{partition}\0{(name is null ? "" : "n:" + name)}\0{url}";
    }
}
