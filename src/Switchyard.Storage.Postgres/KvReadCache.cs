using System.Collections.Concurrent;
using System.Diagnostics;
using Switchyard.Storage.Kv;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// A node's recent KV reads (value or absence), kept for <see cref="Ttl"/>, so that a hot key read by every request of a
/// worker costs a database round trip a couple of times a second instead of on each request. This node's own writes
/// drop what they touch before and after they commit, and a read that overlapped a write of this node is not kept, so a
/// node always reads its own writes; another node's write is read here within <see cref="Ttl"/> (Cloudflare's KV is
/// eventually consistent too, by up to a minute). Small values only, within a byte budget; past it the cache starts over.
/// </summary>
internal sealed class KvReadCache
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMilliseconds(500);
    private const int MaxValueBytes = 64 * 1024;
    private const long MaxBytes = 32L * 1024 * 1024;

    private readonly ConcurrentDictionary<(string Namespace, string Key), (KvEntry? Entry, long ReadAt)> _reads = new();
    private long _bytes;
    private long _writes; // moves on at the start and the end of every write of this node

    /// <summary>Taken before reading the database; hand it to <see cref="Keep"/>.</summary>
    public long Generation => Volatile.Read(ref _writes);

    public bool TryGet(string namespaceId, string key, out KvEntry? entry)
    {
        if (_reads.TryGetValue((namespaceId, key), out var kept) && Stopwatch.GetElapsedTime(kept.ReadAt) < Ttl)
        {
            entry = kept.Entry;
            return true;
        }
        entry = null;
        return false;
    }

    /// <summary>Keeps a read made after <paramref name="generation"/>, unless a write of this node began since.</summary>
    public void Keep(string namespaceId, string key, KvEntry? entry, long generation)
    {
        var size = (entry?.Value.Length ?? 0) + key.Length * 2 + 64;
        if (size > MaxValueBytes) return;
        if (Interlocked.Add(ref _bytes, size) > MaxBytes) Clear();
        if (Generation == generation) _reads[(namespaceId, key)] = (entry, Stopwatch.GetTimestamp());
    }

    /// <summary>Around a write of this node: drops the keys (all of the namespace's when null) when it starts and ends.</summary>
    public async Task<T> WritingAsync<T>(string namespaceId, IEnumerable<string>? keys, Func<Task<T>> write)
    {
        var touched = keys?.ToList();
        Forget(namespaceId, touched);
        try { return await write(); }
        finally { Forget(namespaceId, touched); }
    }

    private void Forget(string namespaceId, List<string>? keys)
    {
        Interlocked.Increment(ref _writes);
        if (keys is null)
        {
            foreach (var kept in _reads.Keys)
                if (kept.Namespace == namespaceId) _reads.TryRemove(kept, out _);
            return;
        }
        foreach (var key in keys) _reads.TryRemove((namespaceId, key), out _);
    }

    private void Clear()
    {
        _reads.Clear();
        Interlocked.Exchange(ref _bytes, 0);
    }
}
