using System.Text;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Kv;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// KV in the embedded database. Values live inline in the entry row rather than in the blob store: KV values are
/// overwritten and deleted all the time, and the content-addressed blob store never deletes, so blobs would leak; inline,
/// a write or delete is one transaction that also reclaims the space, and values are capped at 25 MiB, which SQLite
/// handles comfortably. The work is synchronous (see <see cref="CompletedTasks"/>). A read is one primary-key lookup filtered on expiration, run on a connection that stays open
/// with the lookup already prepared (<see cref="PreparedReads"/>): opening a pooled connection and preparing the
/// statement would cost more than the lookup itself.
/// </summary>
public sealed class SqliteKvStore(SqliteDatabase db, TimeProvider clock) : IKvStore
{
    private const string NamespaceColumns = "SELECT id, account_id, title, created_on, modified_on FROM kv_namespaces";
    private const string Live = "(expiration IS NULL OR expiration > $now)";

    private readonly PreparedReads _reads = new(db);

    public Task<KvNamespace> CreateNamespaceAsync(string accountId, string title, CancellationToken ct = default) =>
        CompletedTasks.Run(() => CreateNamespace(accountId, title));
    public Task<KvNamespace?> GetNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => GetNamespace(accountId, namespaceId));
    public Task<IReadOnlyList<KvNamespace>> ListNamespacesAsync(string accountId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => ListNamespaces(accountId));
    public Task<KvNamespace?> RenameNamespaceAsync(string accountId, string namespaceId, string title, CancellationToken ct = default) =>
        CompletedTasks.Run(() => RenameNamespace(accountId, namespaceId, title));
    public Task<bool> DeleteNamespaceAsync(string accountId, string namespaceId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => DeleteNamespace(accountId, namespaceId));
    public Task<KvEntry?> GetAsync(string namespaceId, string key, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Get(namespaceId, key));
    public Task<KvKey?> GetKeyAsync(string namespaceId, string key, CancellationToken ct = default) =>
        CompletedTasks.Run(() => GetKey(namespaceId, key));
    public Task<IReadOnlyDictionary<string, KvEntry?>> GetManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        CompletedTasks.Run(() => GetMany(namespaceId, keys));
    public Task PutAsync(string namespaceId, KvWrite write, CancellationToken ct = default) =>
        CompletedTasks.Run(() => PutMany(namespaceId, [write]));
    public Task PutManyAsync(string namespaceId, IReadOnlyList<KvWrite> writes, CancellationToken ct = default) =>
        CompletedTasks.Run(() => PutMany(namespaceId, writes));
    public Task<bool> DeleteAsync(string namespaceId, string key, CancellationToken ct = default) =>
        CompletedTasks.Run(() => DeleteMany(namespaceId, [key]) > 0);
    public Task<int> DeleteManyAsync(string namespaceId, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        CompletedTasks.Run(() => DeleteMany(namespaceId, keys));
    public Task<KvKeyPage> ListKeysAsync(string namespaceId, string? prefix = null, int limit = KvRules.MaxListLimit, string? cursor = null,
        CancellationToken ct = default) =>
        CompletedTasks.Run(() => ListKeys(namespaceId, prefix, limit, cursor));
    public Task<int> PurgeExpiredAsync(int batch = 1000, CancellationToken ct = default) =>
        CompletedTasks.Run(() => PurgeExpired(batch));

    private KvNamespace CreateNamespace(string accountId, string title)
    {
        KvRules.ValidateTitle(title);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds()); // as stored
        var ns = new KvNamespace(TokenSecrets.NewId(), accountId, title, now, now);
        return db.InTransaction((c, t) =>
        {
            var count = Count(c, "SELECT count(*) FROM kv_namespaces WHERE account_id = $acct", t, ("$acct", accountId));
            if (count >= KvRules.MaxNamespacesPerAccount) throw KvErrors.TooManyNamespaces(KvRules.MaxNamespacesPerAccount);
            if (TitleTaken(c, t, accountId, title, exceptId: null)) throw KvErrors.TitleTaken();
            c.Execute("INSERT INTO kv_namespaces (id, account_id, title, created_on, modified_on) VALUES ($id, $acct, $title, $on, $on)", t,
                ("$id", ns.Id), ("$acct", accountId), ("$title", title), ("$on", now.ToUnixTimeMilliseconds()));
            return ns;
        });
    }

    private KvNamespace? GetNamespace(string accountId, string namespaceId)
    {
        using var c = db.Open();
        return c.QuerySingle(NamespaceColumns + " WHERE id = $id AND account_id = $acct", ReadNamespace, null,
            ("$id", namespaceId), ("$acct", accountId));
    }

    private IReadOnlyList<KvNamespace> ListNamespaces(string accountId)
    {
        using var c = db.Open();
        return c.Query(NamespaceColumns + " WHERE account_id = $acct ORDER BY title, id", ReadNamespace, null, ("$acct", accountId));
    }

    private KvNamespace? RenameNamespace(string accountId, string namespaceId, string title)
    {
        KvRules.ValidateTitle(title);
        return db.InTransaction((c, t) =>
        {
            if (TitleTaken(c, t, accountId, title, exceptId: namespaceId)) throw KvErrors.TitleTaken();
            c.Execute("UPDATE kv_namespaces SET title = $title, modified_on = $on WHERE id = $id AND account_id = $acct", t,
                ("$title", title), ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", namespaceId), ("$acct", accountId));
            return c.QuerySingle(NamespaceColumns + " WHERE id = $id AND account_id = $acct", ReadNamespace, t,
                ("$id", namespaceId), ("$acct", accountId));
        });
    }

    private bool DeleteNamespace(string accountId, string namespaceId)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM kv_namespaces WHERE id = $id AND account_id = $acct", null,
            ("$id", namespaceId), ("$acct", accountId)) > 0;
    }

    private KvEntry? Get(string namespaceId, string key)
    {
        KvRules.ValidateKey(key);
        return _reads.Run(session => ReadEntry(session, namespaceId, key, clock.GetUtcNow().ToUnixTimeSeconds()));
    }

    private KvKey? GetKey(string namespaceId, string key)
    {
        KvRules.ValidateKey(key);
        using var c = db.Open();
        return c.QuerySingle($"SELECT key, expiration, metadata FROM kv_entries WHERE namespace_id = $ns AND key = $key AND {Live}", ReadKey,
            null, ("$ns", namespaceId), ("$key", key), ("$now", clock.GetUtcNow().ToUnixTimeSeconds()));
    }

    private IReadOnlyDictionary<string, KvEntry?> GetMany(string namespaceId, IReadOnlyList<string> keys)
    {
        KvRules.EachItem(keys, KvRules.ValidateKey);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return _reads.Run(session => session.InSnapshot(() =>
        {
            var entries = new Dictionary<string, KvEntry?>(keys.Count, StringComparer.Ordinal);
            foreach (var key in keys) entries.TryAdd(key, ReadEntry(session, namespaceId, key, now));
            return entries;
        }));
    }

    private void PutMany(string namespaceId, IReadOnlyList<KvWrite> writes)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var rows = new List<(string Key, long? Expiration, string? Metadata, byte[] Value)>(writes.Count);
        KvRules.EachItem(writes, w => rows.Add(KvRules.ValidateWrite(w, now)));
        db.InTransaction((c, t) =>
        {
            if (Count(c, "SELECT count(*) FROM kv_namespaces WHERE id = $ns", t, ("$ns", namespaceId)) == 0)
                throw KvErrors.NamespaceNotFound("put");
            using var upsert = c.Command("""
                INSERT INTO kv_entries (namespace_id, key, expiration, metadata, value) VALUES ($ns, $key, $exp, $meta, $value)
                ON CONFLICT (namespace_id, key) DO UPDATE SET expiration = excluded.expiration, metadata = excluded.metadata, value = excluded.value
                """, t, ("$ns", namespaceId), ("$key", ""), ("$exp", null), ("$meta", null), ("$value", Array.Empty<byte>()));
            foreach (var (key, expiration, metadata, value) in rows)
            {
                upsert.Parameters["$key"].Value = key;
                upsert.Parameters["$exp"].Value = (object?)expiration ?? DBNull.Value;
                upsert.Parameters["$meta"].Value = (object?)metadata ?? DBNull.Value;
                upsert.Parameters["$value"].Value = value;
                upsert.ExecuteNonQuery();
            }
        });
    }

    private int DeleteMany(string namespaceId, IReadOnlyList<string> keys)
    {
        KvRules.EachItem(keys, KvRules.ValidateKey);
        return db.InTransaction((c, t) =>
        {
            using var delete = c.Command("DELETE FROM kv_entries WHERE namespace_id = $ns AND key = $key", t,
                ("$ns", namespaceId), ("$key", ""));
            var deleted = 0;
            foreach (var key in keys)
            {
                delete.Parameters["$key"].Value = key;
                deleted += delete.ExecuteNonQuery();
            }
            return deleted;
        });
    }

    private KvKeyPage ListKeys(string namespaceId, string? prefix, int limit, string? cursor)
    {
        KvRules.ValidateListLimit(limit);
        if (!string.IsNullOrEmpty(prefix)) KvRules.ValidateKeyLength(prefix);
        var after = string.IsNullOrEmpty(cursor) ? null : KvCursor.Decode(cursor);

        var sql = new StringBuilder("SELECT key, expiration, metadata FROM kv_entries WHERE namespace_id = $ns AND ").Append(Live);
        var parameters = new List<(string, object?)>
        {
            ("$ns", namespaceId), ("$now", clock.GetUtcNow().ToUnixTimeSeconds()), ("$take", limit + 1),
        };
        if (after is not null)
        {
            sql.Append(" AND key > $after");
            parameters.Add(("$after", after));
        }
        if (!string.IsNullOrEmpty(prefix))
        {
            sql.Append(" AND key >= $prefix");
            parameters.Add(("$prefix", prefix));
            if (PrefixUpperBound(prefix) is { } upper)
            {
                sql.Append(" AND key < $upper");
                parameters.Add(("$upper", upper));
            }
        }
        sql.Append(" ORDER BY key LIMIT $take");

        using var c = db.Open();
        var keys = c.Query(sql.ToString(), ReadKey, null, [.. parameters]);
        if (keys.Count <= limit) return new KvKeyPage(keys, ListComplete: true, Cursor: "");
        keys.RemoveAt(limit);
        return new KvKeyPage(keys, ListComplete: false, Cursor: KvCursor.Encode(keys[^1].Name));
    }

    private int PurgeExpired(int batch)
    {
        using var c = db.Open();
        return c.Execute("""
            DELETE FROM kv_entries WHERE rowid IN
                (SELECT rowid FROM kv_entries WHERE expiration IS NOT NULL AND expiration <= $now LIMIT $batch)
            """, null, ("$now", clock.GetUtcNow().ToUnixTimeSeconds()), ("$batch", batch));
    }

    private static bool TitleTaken(SqliteConnection c, SqliteTransaction t, string accountId, string title, string? exceptId) =>
        Count(c, "SELECT count(*) FROM kv_namespaces WHERE account_id = $acct AND title = $title AND id IS NOT $except", t,
            ("$acct", accountId), ("$title", title), ("$except", exceptId)) > 0;

    private static KvEntry? ReadEntry(PreparedReads.Session session, string namespaceId, string key, long now)
    {
        var command = session.Command($"SELECT value, metadata, expiration FROM kv_entries WHERE namespace_id = $ns AND key = $key AND {Live}",
            ("$ns", namespaceId), ("$key", key), ("$now", now));
        using var r = command.ExecuteReader();
        return r.Read() ? new KvEntry((byte[])r.GetValue(0), r.GetNullableString(1), r.IsDBNull(2) ? null : r.GetInt64(2)) : null;
    }

    private static long Count(SqliteConnection c, string sql, SqliteTransaction? t, params (string, object?)[] parameters)
    {
        using var command = c.Command(sql, t, parameters);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The least string above every string that starts with <paramref name="prefix"/>, in code point order (which is
    /// UTF-8 byte order, the order SQLite compares keys in): the prefix with its last code point incremented, after
    /// dropping trailing U+10FFFF. Null when nothing is above (the prefix is all U+10FFFF).
    /// </summary>
    private static string? PrefixUpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0 && runes[^1].Value == 0x10FFFF) runes.RemoveAt(runes.Count - 1);
        if (runes.Count == 0) return null;
        var next = runes[^1].Value + 1;
        runes[^1] = new Rune(next == 0xD800 ? 0xE000 : next); // surrogates are not code points of their own
        return string.Concat(runes);
    }

    private static KvKey ReadKey(SqliteDataReader r) =>
        new(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetNullableString(2));

    private static KvNamespace ReadNamespace(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3), r.GetTimestamp(4));
}
