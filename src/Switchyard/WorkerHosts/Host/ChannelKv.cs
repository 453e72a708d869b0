using Switchyard.Storage.Kv;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's KV store: a worker's <c>get</c>, <c>put</c>, <c>delete</c> and <c>list</c>, asked of the server (which
/// serves only namespaces bound to versions it sent this host). Managing namespaces is the API's, not a worker's.
/// </summary>
internal sealed class ChannelKv(HostChannel channel) : IKvStore
{
    public async Task<KvEntry?> GetAsync(string namespaceId, string key, CancellationToken ct = default)
    {
        var (head, call) = await PlainCall.SendAsync(channel, HostMethods.Kv, WireJson.Write(new KvHead("get", namespaceId, key)), ct: ct)
            .ConfigureAwait(false);
        KvReply reply = WireJson.Read<KvReply>(head);
        return reply.Found ? new KvEntry(await PlainCall.ReadBodyAsync(call, ct).ConfigureAwait(false), reply.Metadata, reply.Expiration) : null;
    }

    public async Task PutAsync(string namespaceId, KvWrite write, CancellationToken ct = default)
    {
        var head = new KvHead("put", namespaceId, write.Key) { Metadata = write.Metadata, Expiration = write.Expiration, ExpirationTtl = write.ExpirationTtl };
        await PlainCall.SendAsync(channel, HostMethods.Kv, WireJson.Write(head), write.Value, ct).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string namespaceId, string key, CancellationToken ct = default)
    {
        var (head, _) = await PlainCall.SendAsync(channel, HostMethods.Kv, WireJson.Write(new KvHead("delete", namespaceId, key)), ct: ct)
            .ConfigureAwait(false);
        return WireJson.Read<KvReply>(head).Found;
    }

    public async Task<KvKeyPage> ListKeysAsync(string namespaceId, string? prefix = null, int limit = KvRules.MaxListLimit, string? cursor = null,
        CancellationToken ct = default)
    {
        var request = new KvHead("list", namespaceId, null) { Prefix = prefix, Limit = limit, Cursor = cursor };
        var (head, _) = await PlainCall.SendAsync(channel, HostMethods.Kv, WireJson.Write(request), ct: ct).ConfigureAwait(false);
        return WireJson.Read<KvKeyPage>(head);
    }

    public Task<KvNamespace> CreateNamespaceAsync(string accountId, string title, CancellationToken ct = default) => throw NotAWorkers();
    /// <summary>Whether a bound namespace exists; only that is asked (its title and dates are the API's), and only that is told.</summary>
    public async Task<KvNamespace?> GetNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default)
    {
        var (head, _) = await PlainCall.SendAsync(channel, HostMethods.Kv, WireJson.Write(new KvHead("namespace", namespaceId, accountId)), ct: ct)
            .ConfigureAwait(false);
        return WireJson.Read<KvReply>(head).Found ? new KvNamespace(namespaceId, accountId, "", default, default) : null;
    }
    public Task<IReadOnlyList<KvNamespace>> ListNamespacesAsync(string accountId, CancellationToken ct = default) => throw NotAWorkers();
    public Task<KvNamespace?> RenameNamespaceAsync(string accountId, string namespaceId, string title, CancellationToken ct = default) => throw NotAWorkers();
    public Task<bool> DeleteNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default) => throw NotAWorkers();
    public Task<KvKey?> GetKeyAsync(string namespaceId, string key, CancellationToken ct = default) => throw NotAWorkers();
    public Task<IReadOnlyDictionary<string, KvEntry?>> GetManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        throw NotAWorkers();
    public Task PutManyAsync(string namespaceId, IReadOnlyList<KvWrite> writes, CancellationToken ct = default) => throw NotAWorkers();
    public Task<int> DeleteManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default) => throw NotAWorkers();
    public Task<int> PurgeExpiredAsync(int batch = 1000, CancellationToken ct = default) => throw NotAWorkers();

    private static InvalidOperationException NotAWorkers() => new("A worker host does only what a worker's KV binding does.");
}
