using System.Collections.Concurrent;
using Switchyard.Storage.Blobs;

namespace Switchyard.Edge.Assets;

/// <summary>
/// Keeps the bytes of small blobs in memory, because opening a file per request costs several times more than
/// everything else the edge does for a small asset. Blobs are immutable and named by their content, so an entry
/// can never go stale; when the budget is full, arbitrary entries are dropped to make room.
/// </summary>
public sealed class SmallBlobCache(IBlobStore blobs, int maxBlobBytes = SmallBlobCache.DefaultMaxBlobBytes,
    long capacityBytes = SmallBlobCache.DefaultCapacityBytes)
{
    public const int DefaultMaxBlobBytes = 64 * 1024;
    public const long DefaultCapacityBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private long _cachedBytes;

    /// <summary>Whether a blob of this size is kept in memory (larger ones are streamed).</summary>
    public bool Holds(long size) => size <= maxBlobBytes && size <= capacityBytes;

    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>The blob's bytes, or null when the store does not have it with the expected size.</summary>
    public async ValueTask<byte[]?> GetAsync(string key, long expectedSize, CancellationToken ct = default)
    {
        if (_entries.TryGetValue(key, out var cached)) return cached;

        var bytes = await blobs.ReadAllAsync(key, ct);
        if (bytes is null || bytes.Length != expectedSize) return null;
        Admit(key, bytes);
        return bytes;
    }

    private void Admit(string key, byte[] bytes)
    {
        lock (_admission)
        {
            if (_entries.ContainsKey(key)) return;
            foreach (var victim in _entries.Keys)
            {
                if (_cachedBytes + bytes.Length <= capacityBytes) break;
                if (_entries.TryRemove(victim, out var dropped)) _cachedBytes -= dropped.Length;
            }
            if (_cachedBytes + bytes.Length > capacityBytes) return;
            _entries[key] = bytes;
            _cachedBytes += bytes.Length;
        }
    }
}
