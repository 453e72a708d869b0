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
    public async Task<IReadOnlyDictionary<string, StoredAsset>> GetAsync(string accountId, IReadOnlyCollection<string> hashes,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync("SELECT hash, blob_key, size, content_type FROM uploaded_assets WHERE account_id = @acct AND hash = ANY(@hashes)",
                r => new StoredAsset(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetNullableString(3)),
                null, ct, ("acct", accountId), ("hashes", hashes.ToArray())))
            .ToDictionary(a => a.Hash, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<string>> AddUploadsAsync(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted,
        CancellationToken ct = default) =>
        db.InTransactionAsync<IReadOnlyList<string>>(async (c, t) =>
        {
            // The account's uploads take turns, so that of two concurrent final uploads the second sees the first's rows
            // (under READ COMMITTED it otherwise might not, and both would report files missing).
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t, ct, ("key", "uploads/" + accountId));
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (uploads.Count > 0)
                await c.ExecuteAsync("""
                    INSERT INTO uploaded_assets (account_id, hash, blob_key, size, content_type, uploaded_on)
                    SELECT @acct, u.hash, u.blob, u.size, u.type, @on FROM unnest(@hashes, @blobs, @sizes, @types) AS u(hash, blob, size, type)
                    ON CONFLICT DO NOTHING
                    """, t, ct, ("acct", accountId), ("on", now),
                    ("hashes", uploads.Select(a => a.Hash).ToArray()), ("blobs", uploads.Select(a => a.BlobKey).ToArray()),
                    ("sizes", uploads.Select(a => a.Size).ToArray()), ("types", uploads.Select(a => a.ContentType).ToArray()));
            return await c.QueryAsync("""
                SELECT w.hash FROM unnest(@hashes) WITH ORDINALITY AS w(hash, n)
                WHERE NOT EXISTS (SELECT 1 FROM uploaded_assets u WHERE u.account_id = @acct AND u.hash = w.hash)
                ORDER BY w.n
                """, r => r.GetString(0), t, ct, ("hashes", wanted.ToArray()), ("acct", accountId));
        }, ct);

    public Task CreateSessionAsync(AssetUploadSession session, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock_shared(@key)", t, ct, ("key", SessionsLockKey));
            await c.ExecuteAsync("DELETE FROM asset_upload_sessions WHERE expires_on <= @now", t, ct, ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            return await c.ExecuteAsync("""
                INSERT INTO asset_upload_sessions (id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on)
                VALUES (@id, @acct, @ns::text, @script, @manifest, @created, @expires)
                """, t, ct, ("id", session.Id), ("acct", session.AccountId), ("ns", session.DispatchNamespace),
                ("script", session.ScriptName), ("manifest", JsonSerializer.Serialize(session.Manifest, ManifestJson)),
                ("created", session.CreatedOn.ToUnixTimeMilliseconds()), ("expires", session.ExpiresOn.ToUnixTimeMilliseconds()));
        }, ct);

    public async Task<AssetUploadSession?> GetSessionAsync(string accountId, string sessionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync("""
            SELECT id, account_id, dispatch_namespace, script_name, manifest, created_on, expires_on
            FROM asset_upload_sessions WHERE id = @id AND account_id = @acct AND expires_on > @now
            """, ReadSession, null, ct, ("id", sessionId), ("acct", accountId), ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task<bool> ExtendSessionAsync(string accountId, string sessionId, DateTimeOffset expiresOn, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("""
            UPDATE asset_upload_sessions SET expires_on = GREATEST(expires_on, @expires)
            WHERE id = @id AND account_id = @acct AND expires_on > @now
            """, null, ct, ("expires", expiresOn.ToUnixTimeMilliseconds()), ("id", sessionId), ("acct", accountId),
            ("now", clock.GetUtcNow().ToUnixTimeMilliseconds())) > 0;
    }

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private static AssetUploadSession ReadSession(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3),
        new SortedDictionary<string, ManifestEntry>(
            JsonSerializer.Deserialize<Dictionary<string, ManifestEntry>>(r.GetString(4), ManifestJson)!, StringComparer.Ordinal),
        r.GetTimestamp(5), r.GetTimestamp(6));
}
