using System.Text;
using Switchyard.Storage.Blobs;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's blob store: reads module code, by key, from the server (which gives only the modules of versions it
/// sent this host), or takes what the server sent ahead with a version's first invocation. A host stores and deletes nothing: those calls are refused.
/// </summary>
internal sealed class ChannelBlobs(HostChannel channel) : IBlobStore
{
    // Module code the server sent ahead with a version's first invocation, held until the load that needs it reads it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _sentAhead = new(StringComparer.Ordinal);

    /// <summary>Holds module code sent with a first invocation (<see cref="Protocol.VersionPreload"/>) for its load.</summary>
    public void Hold(IReadOnlyDictionary<string, byte[]> modules)
    {
        // A load that failed before reading its modules leaves them here: bounded, as a load can always fetch them.
        if (_sentAhead.Count > 256) _sentAhead.Clear();
        foreach (var (key, bytes) in modules) _sentAhead[key] = bytes;
    }

    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default)
    {
        if (_sentAhead.TryRemove(key, out byte[]? held)) return held;
        var (head, call) = await PlainCall.SendAsync(channel, HostMethods.Blob, Encoding.UTF8.GetBytes(key), ct: ct).ConfigureAwait(false);
        return head.Span.SequenceEqual("1"u8) ? await PlainCall.ReadBodyAsync(call, ct).ConfigureAwait(false) : null;
    }

    public Stream? OpenRead(string key) =>
        ReadAllAsync(key).GetAwaiter().GetResult() is { } content ? new MemoryStream(content, writable: false) : null;

    public async Task<bool> ExistsAsync(string key, CancellationToken ct = default) => await ReadAllAsync(key, ct).ConfigureAwait(false) is not null;

    public Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default) => throw ReadOnly();
    public Task<IReadOnlyList<BlobInfo>> ListAsync(CancellationToken ct = default) => throw ReadOnly();
    public Task<bool> DeleteIfOlderThanAsync(string key, DateTimeOffset cutoff, CancellationToken ct = default) => throw ReadOnly();
    public Task<long> DeleteAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken ct = default) => throw ReadOnly();
    public Task<long> DeleteStaleCopiesAsync(DateTimeOffset cutoff, CancellationToken ct = default) => throw ReadOnly();

    private static InvalidOperationException ReadOnly() => new("A worker host only reads module code.");
}
