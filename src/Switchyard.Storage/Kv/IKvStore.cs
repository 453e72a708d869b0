namespace Switchyard.Storage.Kv;

/// <summary>
/// Workers KV storage, for the REST API and for the <c>env.MY_KV</c> binding inside workers.
/// Namespace operations are scoped to an account: another account's namespace is reported as missing.
/// Entry operations take a namespace id the caller has already resolved for its account (the API per request,
/// the runtime when it binds a worker), so a read is one indexed lookup with no ownership join.
/// Expired entries are invisible to every read and purged by <see cref="PurgeExpired"/>.
/// Refused input throws <see cref="KvException"/> (from <see cref="KvErrors"/>), validated before anything is written.
/// </summary>
public interface IKvStore
{
    /// <summary>Creates a namespace; throws 10014 when the account already has one with this title, 10018 over the limit.</summary>
    KvNamespace CreateNamespace(string accountId, string title);
    KvNamespace? GetNamespace(string accountId, string namespaceId);
    /// <summary>All of the account's namespaces, by title (ordinal).</summary>
    IReadOnlyList<KvNamespace> ListNamespaces(string accountId);
    /// <summary>Renames a namespace; null when it does not exist, throws 10014 when the title is taken.</summary>
    KvNamespace? RenameNamespace(string accountId, string namespaceId, string title);
    /// <summary>Deletes a namespace and all its entries; false when it does not exist.</summary>
    bool DeleteNamespace(string accountId, string namespaceId);

    /// <summary>The live value of <paramref name="key"/>, or null when it is missing or expired.</summary>
    KvEntry? Get(string namespaceId, string key);
    /// <summary>The live key's expiration and metadata without reading its value, or null when it is missing or expired.</summary>
    KvKey? GetKey(string namespaceId, string key);
    /// <summary>Live values of several keys, in request order (duplicates once); missing or expired keys map to null.</summary>
    IReadOnlyDictionary<string, KvEntry?> GetMany(string namespaceId, IReadOnlyList<string> keys);
    /// <summary>Writes one entry, replacing any previous value, metadata and expiration. Throws 10013 if the namespace is gone.</summary>
    void Put(string namespaceId, KvWrite write);
    /// <summary>Validates every write, then applies all of them in one transaction (none when any is refused).</summary>
    void PutMany(string namespaceId, IReadOnlyList<KvWrite> writes);
    /// <summary>Deletes a key; true when an entry was removed. Deleting a missing key is not an error.</summary>
    bool Delete(string namespaceId, string key);
    /// <summary>Deletes several keys in one transaction; returns how many entries were removed.</summary>
    int DeleteMany(string namespaceId, IReadOnlyList<string> keys);
    /// <summary>
    /// Up to <paramref name="limit"/> (1..1000) live keys starting with <paramref name="prefix"/>, in UTF-8 byte order,
    /// after the key <paramref name="cursor"/> (from a previous page) names.
    /// </summary>
    KvKeyPage ListKeys(string namespaceId, string? prefix = null, int limit = KvRules.MaxListLimit, string? cursor = null);

    /// <summary>Deletes up to <paramref name="batch"/> expired entries; returns how many were deleted.</summary>
    int PurgeExpired(int batch = 1000);
}
