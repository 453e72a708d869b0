using System.Text.Json;
using Npgsql;
using Switchyard.Storage.Assets;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Uploaded asset files and upload sessions. A session opened through one node is completed through any other: the
/// session row, the uploads and the key signing its tokens (<see cref="PostgresServerSecrets"/>) are all shared.
/// </summary>
public sealed class PostgresAssetStore(PostgresDatabase db, TimeProvider clock) : IAssetStore
{
    /// <summary>Taken shared by session creation and exclusively by the collector's forgetting of unused uploads.</summary>
    internal const long SessionsLockKey = 0x5377_4173_7365_7473; // "SwAssets"

    // Hash lists travel as one text[] parameter, so a 20,000-file manifest is one statement.
    public IReadOnlyDictionary<string, StoredAsset> Get(string accountId, IReadOnlyCollection<string> hashes)
    {
        using var c = db.Open();
        return c.Query("SELECT hash, blob_key, size, content_type FROM uploaded_assets WHERE account_id = @acct AND hash = ANY(@hashes)",
                r => new StoredAsset(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetNullableString(3)),
                null, ("acct", accountId), ("hashes", hashes.ToArray()))
            .ToDictionary(a => a.Hash, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> AddUploads(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted) =>
        db.InTransaction((c, t) =>
        {
            // The account's uploads take turns, so that of two concurrent final uploads the second sees the first's rows
            // (under READ COMMITTED it otherwise might not, and both would report files missing).
            c.Execute("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t, ("key", "uploads/" + accountId));
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var asset in uploads)
                c.Execute("""
                    INSERT INTO uploaded_assets (account_id, hash, blob_key, size, content_type, uploaded_on)
                    VALUES (@acct, @hash, @blob, @size, @type::text, @on) ON CONFLICT DO NOTHING
                    """, t, ("acct", accountId), ("hash", asset.Hash), ("blob", asset.BlobKey), ("size", asset.Size),
                    ("type", asset.ContentType), ("on", now));
            return (IReadOnlyList<string>)c.Query("""
                SELECT w.hash FROM unnest(@hashes) WITH ORDINALITY AS w(hash, n)
                WHERE NOT EXISTS (SELECT 1 FROM uploaded_assets u WHERE u.account_id = @acct AND u.hash = w.hash)
                ORDER BY w.n
                """, r => r.GetString(0), t, ("hashes", wanted.ToArray()), ("acct", accountId));
        });

    public void CreateSession(AssetUploadSession session) =>
        db.InTransaction((c, t) =>
        {
            c.Execute("SELECT pg_advisory_xact_lock_shared(@key)", t, ("key", SessionsLockKey));
            c.Execute("DELETE FROM asset_upload_sessions WHERE expires_on <= @now", t, ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            c.Execute("""
                INSERT INTO asset_upload_sessions (id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on)
                VALUES (@id, @acct, @ns::text, @script, @manifest, @created, @expires)
                """, t, ("id", session.Id), ("acct", session.AccountId), ("ns", session.DispatchNamespace),
                ("script", session.ScriptName), ("manifest", JsonSerializer.Serialize(session.Manifest, ManifestJson)),
                ("created", session.CreatedOn.ToUnixTimeMilliseconds()), ("expires", session.ExpiresOn.ToUnixTimeMilliseconds()));
        });

    public AssetUploadSession? GetSession(string accountId, string sessionId)
    {
        using var c = db.Open();
        return c.QuerySingle("""
            SELECT id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on
            FROM asset_upload_sessions WHERE id = @id AND account_id = @acct AND expires_on > @now
            """, ReadSession, null, ("id", sessionId), ("acct", accountId), ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public bool ExtendSession(string accountId, string sessionId, DateTimeOffset expiresOn)
    {
        using var c = db.Open();
        return c.Execute("""
            UPDATE asset_upload_sessions SET expires_on = GREATEST(expires_on, @expires)
            WHERE id = @id AND account_id = @acct AND expires_on > @now
            """, null, ("expires", expiresOn.ToUnixTimeMilliseconds()), ("id", sessionId), ("acct", accountId),
            ("now", clock.GetUtcNow().ToUnixTimeMilliseconds())) > 0;
    }

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private static AssetUploadSession ReadSession(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3),
        new SortedDictionary<string, ManifestEntry>(
            JsonSerializer.Deserialize<Dictionary<string, ManifestEntry>>(r.GetString(4), ManifestJson)!, StringComparer.Ordinal),
        r.GetTimestamp(5), r.GetTimestamp(6));
}
