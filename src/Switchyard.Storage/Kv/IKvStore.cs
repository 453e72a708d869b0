namespace Switchyard.Storage.Kv;

/// <summary>
/// Workers KV storage, for the REST API and for the <c>env.MY_KV</c> binding inside workers.
/// Namespace operations are scoped to an account: another account's namespace is reported as missing.
/// Entry operations take a namespace id the caller has already resolved for its account (the API per request,
/// the runtime when it binds a worker), so a read is one indexed lookup with no ownership join.
/// Expired entries are invisible to every read and purged by <see cref="PurgeExpiredAsync"/>.
/// Refused input throws <see cref="KvException"/> (from <see cref="KvErrors"/>), validated before anything is written;
/// every refusal surfaces as a faulted task, never as a synchronous throw.
/// </summary>
public interface IKvStore
{
    /// <summary>Creates a namespace; throws 10014 when the account already has one with this title, 10018 over the limit.</summary>
    Task<KvNamespace> CreateNamespaceAsync(string accountId, string title, CancellationToken ct = default);
    Task<KvNamespace?> GetNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default);
    /// <summary>All of the account's namespaces, by title (ordinal).</summary>
    Task<IReadOnlyList<KvNamespace>> ListNamespacesAsync(string accountId, CancellationToken ct = default);
    /// <summary>Renames a namespace; null when it does not exist, throws 10014 when the title is taken.</summary>
    Task<KvNamespace?> RenameNamespaceAsync(string accountId, string namespaceId, string title, CancellationToken ct = default);
    /// <summary>Deletes a namespace and all its entries; false when it does not exist.</summary>
    Task<bool> DeleteNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default);

    /// <summary>The live value of <paramref name="key"/>, or null when it is missing or expired.</summary>
    Task<KvEntry?> GetAsync(string namespaceId, string key, CancellationToken ct = default);
    /// <summary>The live key's expiration and metadata without reading its value, or null when it is missing or expired.</summary>
    Task<KvKey?> GetKeyAsync(string namespaceId, string key, CancellationToken ct = default);
    /// <summary>Live values of several keys, in request order (duplicates once); missing or expired keys map to null.</summary>
    Task<IReadOnlyDictionary<string, KvEntry?>> GetManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default);
    /// <summary>Writes one entry, replacing any previous value, metadata and expiration. Throws 10013 if the namespace is gone.</summary>
    Task PutAsync(string namespaceId, KvWrite write, CancellationToken ct = default);
    /// <summary>Validates every write, then applies all of them in one transaction (none when any is refused).</summary>
    Task PutManyAsync(string namespaceId, IReadOnlyList<KvWrite> writes, CancellationToken ct = default);
    /// <summary>Deletes a key; true when an entry was removed. Deleting a missing key is not an error.</summary>
    Task<bool> DeleteAsync(string namespaceId, string key, CancellationToken ct = default);
    /// <summary>Deletes several keys in one transaction; returns how many entries were removed.</summary>
    Task<int> DeleteManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default);
    /// <summary>
    /// Up to <paramref name="limit"/> (1..1000) live keys starting with <paramref name="prefix"/>, in UTF-8 byte order,
    /// after the key <paramref name="cursor"/> (from a previous page) names.
    /// </summary>
    Task<KvKeyPage> ListKeysAsync(string namespaceId, string? prefix = null, int limit = KvRules.MaxListLimit, string? cursor = null,
        CancellationToken ct = default);

    /// <summary>Deletes up to <paramref name="batch"/> expired entries; returns how many were deleted.</summary>
    Task<int> PurgeExpiredAsync(int batch = 1000, CancellationToken ct = default);
}
