using System.Text;
using Npgsql;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Kv;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// KV in the shared database, with the same rules, errors, expiry and cursors as <c>SqliteKvStore</c>. Keys are stored as
/// their UTF-8 bytes (bytea), whose byte order is the order Cloudflare lists keys in and which, unlike text, can hold
/// U+0000. Values live inline in the row, as in SQLite (KV values are overwritten and deleted all the time, and the
/// content-addressed blob store never deletes). A read of one key is one primary-key lookup, kept for half a second
/// (<see cref="KvReadCache"/>): this node reads its own writes at once, other nodes' within that half second.
/// </summary>
public sealed class PostgresKvStore(PostgresDatabase db, TimeProvider clock) : IKvStore
{
    private const string NamespaceColumns = "SELECT id, account_id, title, created_on, modified_on FROM kv_namespaces";
    private const string Live = "(expiration IS NULL OR expiration > @now)";
    private readonly KvReadCache _cache = new();

    public async Task<KvNamespace> CreateNamespaceAsync(string accountId, string title, CancellationToken ct = default)
    {
        KvRules.ValidateTitle(title);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds()); // as stored
        var ns = new KvNamespace(TokenSecrets.NewId(), accountId, title, now, now);
        await using var c = await db.OpenAsync(ct);
        await using var t = await c.BeginTransactionAsync(ct);
        // The account's namespace creations take turns, so the count limit holds under concurrent creations.
        await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t, ct, ("key", "kv-namespaces/" + accountId));
        var count = await ScalarAsync<long>(c, t, "SELECT count(*) FROM kv_namespaces WHERE account_id = @acct", ct, ("acct", accountId));
        if (count >= KvRules.MaxNamespacesPerAccount) throw KvErrors.TooManyNamespaces(KvRules.MaxNamespacesPerAccount);
        await OnTitleConflict(() => c.ExecuteAsync(
            "INSERT INTO kv_namespaces (id, account_id, title, created_on, modified_on) VALUES (@id, @acct, @title, @on, @on)", t, ct,
            ("id", ns.Id), ("acct", accountId), ("title", title), ("on", now.ToUnixTimeMilliseconds())));
        await t.CommitAsync(ct);
        return ns;
    }

    public async Task<KvNamespace?> GetNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(NamespaceColumns + " WHERE id = @id AND account_id = @acct", ReadNamespace, null, ct,
            ("id", namespaceId), ("acct", accountId));
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<KvNamespace>> ListNamespacesAsync(string accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(NamespaceColumns + " WHERE account_id = @acct ORDER BY title, id", ReadNamespace, null, ct, ("acct", accountId));
    }

    public async Task<KvNamespace?> RenameNamespaceAsync(string accountId, string namespaceId, string title, CancellationToken ct = default)
    {
        KvRules.ValidateTitle(title);
        await using var c = await db.OpenAsync(ct);
        var rows = await OnTitleConflict(() => c.QueryAsync(
            "UPDATE kv_namespaces SET title = @title, modified_on = @on WHERE id = @id AND account_id = @acct " +
            "RETURNING id, account_id, title, created_on, modified_on", ReadNamespace, null, ct,
            ("title", title), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("id", namespaceId), ("acct", accountId)));
        return rows.FirstOrDefault();
    }

    public Task<bool> DeleteNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default) =>
        _cache.WritingAsync(namespaceId, null, async () =>
        {
            await using var c = await db.OpenAsync(ct);
            return await c.ExecuteAsync("DELETE FROM kv_namespaces WHERE id = @id AND account_id = @acct", null, ct,
                ("id", namespaceId), ("acct", accountId)) > 0;
        });

    public async Task<KvEntry?> GetAsync(string namespaceId, string key, CancellationToken ct = default)
    {
        KvRules.ValidateKey(key);
        if (_cache.TryGet(namespaceId, key, out var kept))
            return kept is { Expiration: { } expiration } && expiration <= Now() ? null : kept;
        var generation = _cache.Generation;
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync($"SELECT value, metadata, expiration FROM kv_entries WHERE namespace_id = @ns AND key = @key AND {Live}",
            ReadEntry, null, ct, ("ns", namespaceId), ("key", Bytes(key)), ("now", Now()));
        var entry = rows.Count == 0 ? null : rows[0].Entry;
        _cache.Keep(namespaceId, key, entry, generation);
        return entry;
    }

    public async Task<KvKey?> GetKeyAsync(string namespaceId, string key, CancellationToken ct = default)
    {
        KvRules.ValidateKey(key);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync($"SELECT key, expiration, metadata FROM kv_entries WHERE namespace_id = @ns AND key = @key AND {Live}",
            ReadKey, null, ct, ("ns", namespaceId), ("key", Bytes(key)), ("now", Now()));
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyDictionary<string, KvEntry?>> GetManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default)
    {
        KvRules.EachItem(keys, KvRules.ValidateKey);
        await using var c = await db.OpenAsync(ct);
        // One statement, so all keys are read from one snapshot.
        var found = (await c.QueryAsync(
                $"SELECT value, metadata, expiration, key FROM kv_entries WHERE namespace_id = @ns AND key = ANY(@keys) AND {Live}",
                ReadEntry, null, ct, ("ns", namespaceId), ("keys", keys.Select(Bytes).ToArray()), ("now", Now())))
            .ToDictionary(e => e.Key!, e => e.Entry, StringComparer.Ordinal);
        var entries = new Dictionary<string, KvEntry?>(keys.Count, StringComparer.Ordinal);
        foreach (var key in keys) entries.TryAdd(key, found.GetValueOrDefault(key));
        return entries;
    }

    public Task PutAsync(string namespaceId, KvWrite write, CancellationToken ct = default) => PutManyAsync(namespaceId, [write], ct);

    public async Task PutManyAsync(string namespaceId, IReadOnlyList<KvWrite> writes, CancellationToken ct = default)
    {
        var now = Now();
        var rows = new List<(string Key, long? Expiration, string? Metadata, byte[] Value)>(writes.Count);
        KvRules.EachItem(writes, w => rows.Add(KvRules.ValidateWrite(w, now)));
        // The last write of a key wins, as it would applied one by one (one upsert may not touch a row twice).
        var last = rows.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await _cache.WritingAsync(namespaceId, last.Select(r => r.Key), async () =>
        {
            await WriteAsync(namespaceId, last, ct);
            return true;
        });
    }

    private async Task WriteAsync(string namespaceId, List<(string Key, long? Expiration, string? Metadata, byte[] Value)> last, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var t = await c.BeginTransactionAsync(ct);
        // FOR SHARE: a namespace deleted meanwhile either goes after these writes (and takes them along) or is seen gone.
        var exists = await c.QueryAsync("SELECT 1 FROM kv_namespaces WHERE id = @ns FOR SHARE", r => 1, t, ct, ("ns", namespaceId));
        if (exists.Count == 0) throw KvErrors.NamespaceNotFound("put");
        await c.ExecuteAsync("""
            INSERT INTO kv_entries (namespace_id, key, expiration, metadata, value)
            SELECT @ns, k, e, m, v FROM unnest(@keys, @exps, @metas, @values) AS w(k, e, m, v)
            ON CONFLICT (namespace_id, key) DO UPDATE SET expiration = excluded.expiration, metadata = excluded.metadata, value = excluded.value
            """, t, ct, ("ns", namespaceId), ("keys", last.Select(r => Bytes(r.Key)).ToArray()),
            ("exps", last.Select(r => r.Expiration).ToArray()), ("metas", last.Select(r => r.Metadata).ToArray()),
            ("values", last.Select(r => r.Value).ToArray()));
        await t.CommitAsync(ct);
    }

    public async Task<bool> DeleteAsync(string namespaceId, string key, CancellationToken ct = default) =>
        await DeleteManyAsync(namespaceId, [key], ct) > 0;

    public async Task<int> DeleteManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default)
    {
        KvRules.EachItem(keys, KvRules.ValidateKey);
        return await _cache.WritingAsync(namespaceId, keys, async () =>
        {
            await using var c = await db.OpenAsync(ct);
            return await c.ExecuteAsync("DELETE FROM kv_entries WHERE namespace_id = @ns AND key = ANY(@keys)", null, ct,
                ("ns", namespaceId), ("keys", keys.Distinct(StringComparer.Ordinal).Select(Bytes).ToArray()));
        });
    }

    public async Task<KvKeyPage> ListKeysAsync(string namespaceId, string? prefix = null, int limit = KvRules.MaxListLimit, string? cursor = null,
        CancellationToken ct = default)
    {
        KvRules.ValidateListLimit(limit);
        if (!string.IsNullOrEmpty(prefix)) KvRules.ValidateKeyLength(prefix);
        var after = string.IsNullOrEmpty(cursor) ? null : KvCursor.Decode(cursor);

        var sql = new StringBuilder("SELECT key, expiration, metadata FROM kv_entries WHERE namespace_id = @ns AND ").Append(Live);
        var parameters = new List<(string, object?)> { ("ns", namespaceId), ("now", Now()), ("take", limit + 1) };
        if (after is not null)
        {
            sql.Append(" AND key > @after");
            parameters.Add(("after", Bytes(after)));
        }
        if (!string.IsNullOrEmpty(prefix))
        {
            var low = Bytes(prefix);
            sql.Append(" AND key >= @prefix");
            parameters.Add(("prefix", low));
            if (PrefixUpperBound(low) is { } upper)
            {
                sql.Append(" AND key < @upper");
                parameters.Add(("upper", upper));
            }
        }
        sql.Append(" ORDER BY key LIMIT @take");

        await using var c = await db.OpenAsync(ct);
        var keys = await c.QueryAsync(sql.ToString(), ReadKey, null, ct, [.. parameters]);
        if (keys.Count <= limit) return new KvKeyPage(keys, ListComplete: true, Cursor: "");
        keys.RemoveAt(limit);
        return new KvKeyPage(keys, ListComplete: false, Cursor: KvCursor.Encode(keys[^1].Name));
    }

    public async Task<int> PurgeExpiredAsync(int batch = 1000, CancellationToken ct = default)
    {
        // Every node may purge at once: SKIP LOCKED keeps them from waiting on each other's batches.
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("""
            DELETE FROM kv_entries WHERE ctid IN (SELECT ctid FROM kv_entries
                WHERE expiration IS NOT NULL AND expiration <= @now LIMIT @batch FOR UPDATE SKIP LOCKED)
            """, null, ct, ("now", Now()), ("batch", batch));
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();

    private static byte[] Bytes(string key) => Encoding.UTF8.GetBytes(key);

    /// <summary>The least byte string above every one that starts with <paramref name="prefix"/>; null when none is (all 0xFF).</summary>
    private static byte[]? PrefixUpperBound(byte[] prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == 0xFF) end--;
        if (end == 0) return null;
        var upper = prefix[..end];
        upper[^1]++;
        return upper;
    }

    private static async Task<T> OnTitleConflict<T>(Func<Task<T>> write)
    {
        try { return await write(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation) { throw KvErrors.TitleTaken(); }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection c, NpgsqlTransaction t, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var command = c.Command(sql, t, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static (string? Key, KvEntry Entry) ReadEntry(NpgsqlDataReader r) => (
        r.FieldCount > 3 ? Encoding.UTF8.GetString((byte[])r.GetValue(3)) : null,
        new KvEntry((byte[])r.GetValue(0), r.GetNullableString(1), r.IsDBNull(2) ? null : r.GetInt64(2)));

    private static KvKey ReadKey(NpgsqlDataReader r) =>
        new(Encoding.UTF8.GetString((byte[])r.GetValue(0)), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetNullableString(2));

    private static KvNamespace ReadNamespace(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3), r.GetTimestamp(4));
}
