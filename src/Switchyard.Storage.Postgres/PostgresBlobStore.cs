using Switchyard.Storage.Blobs;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Blobs in the shared database (<c>blobs.content</c>, bytea), with the node's blob folder as a read-through cache.
/// The database is the truth: a put is acknowledged once its row is committed, existence, listing and deletion ask the
/// database. Reads try the cache first (<see cref="FileBlobStore"/> checks the file against its hash, so a damaged
/// copy reads as missing), then the database, whose bytes are checked against the key before they are handed out or
/// cached. A cached copy of a blob collected meanwhile is harmless: content-addressed bytes never go stale, and no
/// stored row names a collected blob.
/// </summary>
public sealed class PostgresBlobStore(PostgresDatabase db, FileBlobStore cache, TimeProvider clock) : IBlobStore
{
    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = FileBlobStore.KeyOf(content.Span);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var c = await db.OpenAsync(ct))
        {
            // Content already stored is only touched (the collector's grace period starts again), without sending it.
            var touched = await c.ExecuteAsync("UPDATE blobs SET last_written = @now WHERE key = @key", null, ct, ("now", now), ("key", key));
            if (touched == 0)
                await c.ExecuteAsync("""
                    INSERT INTO blobs (key, content, size, last_written) VALUES (@key, @content, @size, @now)
                    ON CONFLICT (key) DO UPDATE SET last_written = excluded.last_written
                    """, null, ct, ("key", key), ("content", content.ToArray()), ("size", (long)content.Length), ("now", now));
        }
        await cache.PutAsync(content, ct);
        return key;
    }

    public Stream? OpenRead(string key)
    {
        if (cache.OpenRead(key) is { } cached) return cached;
        // A miss reads the database synchronously (Npgsql's own synchronous I/O): OpenRead is synchronous in IBlobStore,
        // and a node misses a blob once, after which it is in the folder.
        byte[]? bytes;
        using (var c = db.Open()) bytes = c.QuerySingle("SELECT content FROM blobs WHERE key = @key", r => (byte[])r.GetValue(0), null, ("key", key));
        if (bytes is null || FileBlobStore.KeyOf(bytes) != key) return null;
        _ = FillCacheAsync(bytes);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default)
    {
        if (await cache.ReadAllAsync(key, ct) is { } cached) return cached;
        List<byte[]> rows;
        await using (var c = await db.OpenAsync(ct))
            rows = await c.QueryAsync("SELECT content FROM blobs WHERE key = @key", r => (byte[])r.GetValue(0), null, ct, ("key", key));
        if (rows.Count == 0 || FileBlobStore.KeyOf(rows[0]) != key) return null;
        await cache.PutAsync(rows[0], ct);
        return rows[0];
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM blobs WHERE key = @key)", null, ct, ("key", key));
    }

    public async Task<IReadOnlyList<BlobInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync("SELECT key, size, last_written FROM blobs",
            r => new BlobInfo(r.GetString(0), r.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), null, ct);
    }

    public async Task<bool> DeleteIfOlderThanAsync(string key, DateTimeOffset cutoff, CancellationToken ct = default)
    {
        int deleted;
        // A row lock orders this against a put of the same content: the put either touches the row first (and this
        // deletes nothing) or inserts it again afterwards.
        await using (var c = await db.OpenAsync(ct))
            deleted = await c.ExecuteAsync("DELETE FROM blobs WHERE key = @key AND last_written < @cutoff", null, ct,
                ("key", key), ("cutoff", cutoff.ToUnixTimeMilliseconds()));
        if (deleted == 0) return false;
        cache.DeleteIfOlderThan(key, DateTimeOffset.MaxValue); // this node's copy; other nodes drop theirs (DeleteStaleCopiesAsync)
        return true;
    }

    /// <summary>Partial writes to this node's cache folder; the database has none (a put is one statement).</summary>
    public Task<long> DeleteAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        Task.FromResult(cache.DeleteAbandonedWrites(cutoff));

    /// <summary>
    /// This node's cached copies of blobs another node collected (that node deleted only its own copy). Deleting a copy
    /// is always safe: the cache is filled again from the database on the next read of a blob that is still there.
    /// </summary>
    public async Task<long> DeleteStaleCopiesAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var copies = cache.List().Where(b => b.LastWritten < cutoff).ToList();
        if (copies.Count == 0) return 0;
        HashSet<string> stored;
        await using (var c = await db.OpenAsync(ct))
            stored = (await c.QueryAsync("SELECT key FROM blobs WHERE key = ANY(@keys)", r => r.GetString(0), null, ct,
                ("keys", copies.Select(b => b.Key).ToArray()))).ToHashSet(StringComparer.Ordinal);
        long freed = 0;
        foreach (var copy in copies)
            if (!stored.Contains(copy.Key) && cache.DeleteIfOlderThan(copy.Key, cutoff)) freed += copy.Size;
        return freed;
    }

    private async Task FillCacheAsync(byte[] bytes)
    {
        try { await cache.PutAsync(bytes); }
        catch (IOException) { } // only a cache: the next read fetches it again
        catch (UnauthorizedAccessException) { }
    }
}
