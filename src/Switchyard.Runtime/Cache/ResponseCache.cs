namespace Switchyard.Runtime.Cache;

/// <summary>
/// The node's Cache API store (<c>caches.default</c>, <c>caches.open(name)</c>): responses by partition (who may see
/// them: <see cref="CacheScope"/>), cache name and URL, in memory, bounded by <see cref="CapacityBytes"/> with the
/// least recently used entries dropped first, as a data center's cache drops cold objects. Expired entries are dropped
/// when met. Thread-safe; every operation is a dictionary lookup under one lock.
/// </summary>
public sealed class ResponseCache(long capacityBytes)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, CachedResponse Response)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, CachedResponse Response)> _recency = new();
    private long _bytes;

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>The largest response one entry may hold: an eighth of the capacity (so one put cannot empty the cache).</summary>
    public long MaxEntryBytes => CapacityBytes / 8;

    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Stores <paramref name="response"/> under <paramref name="key"/>; false when it is too large to keep.</summary>
    public bool Put(string key, CachedResponse response)
    {
        if (response.Size > MaxEntryBytes) return false;
        lock (_gate)
        {
            RemoveLocked(key);
            _entries[key] = _recency.AddFirst((key, response));
            _bytes += response.Size;
            while (_bytes > CapacityBytes && _recency.Last is { } oldest) RemoveLocked(oldest.Value.Key);
        }
        return true;
    }

    public CachedResponse? Get(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node)) return null;
            if (node.Value.Response.Expires <= now)
            {
                RemoveLocked(key);
                return null;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Response;
        }
    }

    public bool Delete(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            bool live = _entries.TryGetValue(key, out var node) && node.Value.Response.Expires > now;
            RemoveLocked(key);
            return live;
        }
    }

    private void RemoveLocked(string key)
    {
        if (!_entries.Remove(key, out var node)) return;
        _recency.Remove(node);
        _bytes -= node.Value.Response.Size;
    }
}
