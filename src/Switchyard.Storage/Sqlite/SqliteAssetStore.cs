using System.Text.Json;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Assets;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteAssetStore(SqliteDatabase db, TimeProvider clock) : IAssetStore
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<IReadOnlyDictionary<string, StoredAsset>> GetAsync(string accountId, IReadOnlyCollection<string> hashes, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Get(accountId, hashes));
    public Task<IReadOnlyList<string>> AddUploadsAsync(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted,
        CancellationToken ct = default) => CompletedTasks.Run(() => AddUploads(accountId, uploads, wanted));
    public Task CreateSessionAsync(AssetUploadSession session, CancellationToken ct = default) => CompletedTasks.Run(() => CreateSession(session));
    public Task<AssetUploadSession?> GetSessionAsync(string accountId, string sessionId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => GetSession(accountId, sessionId));
    public Task<bool> ExtendSessionAsync(string accountId, string sessionId, DateTimeOffset expiresOn, CancellationToken ct = default) =>
        CompletedTasks.Run(() => ExtendSession(accountId, sessionId, expiresOn));

    // Hash lists travel as one JSON array parameter expanded with json_each, so a 20,000-file manifest is one statement.
    private IReadOnlyDictionary<string, StoredAsset> Get(string accountId, IReadOnlyCollection<string> hashes)
    {
        using var c = db.Open();
        return c.Query("""
                SELECT hash, blob_key, size, content_type FROM uploaded_assets
                WHERE account_id = $acct AND hash IN (SELECT value FROM json_each($hashes))
                """,
                r => new StoredAsset(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetNullableString(3)),
                null, ("$acct", accountId), ("$hashes", JsonSerializer.Serialize(hashes)))
            .ToDictionary(a => a.Hash, StringComparer.Ordinal);
    }

    private IReadOnlyList<string> AddUploads(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted) =>
        db.InTransaction((c, t) =>
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var asset in uploads)
                c.Execute("""
                    INSERT INTO uploaded_assets (account_id, hash, blob_key, size, content_type, uploaded_on)
                    VALUES ($acct, $hash, $blob, $size, $type, $on) ON CONFLICT DO NOTHING
                    """, t, ("$acct", accountId), ("$hash", asset.Hash), ("$blob", asset.BlobKey), ("$size", asset.Size),
                    ("$type", asset.ContentType), ("$on", now));
            return (IReadOnlyList<string>)c.Query("""
                    SELECT j.value FROM json_each($hashes) AS j
                    WHERE NOT EXISTS (SELECT 1 FROM uploaded_assets u WHERE u.account_id = $acct AND u.hash = j.value)
                    ORDER BY j.key
                    """, r => r.GetString(0), t, ("$hashes", JsonSerializer.Serialize(wanted)), ("$acct", accountId));
        });

    private void CreateSession(AssetUploadSession session) =>
        db.InTransaction((c, t) =>
        {
            c.Execute("DELETE FROM asset_upload_sessions WHERE expires_on <= $now", t,
                ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            c.Execute("""
                INSERT INTO asset_upload_sessions (id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on)
                VALUES ($id, $acct, $ns, $script, $manifest, $created, $expires)
                """, t, ("$id", session.Id), ("$acct", session.AccountId), ("$ns", session.DispatchNamespace),
                ("$script", session.ScriptName), ("$manifest", JsonSerializer.Serialize(session.Manifest, ManifestJson)),
                ("$created", session.CreatedOn.ToUnixTimeMilliseconds()), ("$expires", session.ExpiresOn.ToUnixTimeMilliseconds()));
        });

    private AssetUploadSession? GetSession(string accountId, string sessionId)
    {
        using var c = db.Open();
        return c.QuerySingle("""
            SELECT id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on
            FROM asset_upload_sessions WHERE id = $id AND account_id = $acct AND expires_on > $now
            """, ReadSession, null, ("$id", sessionId), ("$acct", accountId), ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    private bool ExtendSession(string accountId, string sessionId, DateTimeOffset expiresOn)
    {
        using var c = db.Open();
        return c.Execute("""
            UPDATE asset_upload_sessions SET expires_on = max(expires_on, $expires)
            WHERE id = $id AND account_id = $acct AND expires_on > $now
            """, null, ("$expires", expiresOn.ToUnixTimeMilliseconds()), ("$id", sessionId), ("$acct", accountId),
            ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds())) > 0;
    }

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private static AssetUploadSession ReadSession(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3),
        new SortedDictionary<string, ManifestEntry>(
            JsonSerializer.Deserialize<Dictionary<string, ManifestEntry>>(r.GetString(4), ManifestJson)!, StringComparer.Ordinal),
        r.GetTimestamp(5), r.GetTimestamp(6));
}
