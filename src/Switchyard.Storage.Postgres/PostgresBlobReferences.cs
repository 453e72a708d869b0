using Switchyard.Storage.Blobs;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresBlobReferences(PostgresDatabase db) : IBlobReferences
{
    // Any fixed number, the same on every node.
    private const long CollectionLockKey = 0x5377_426c_6f62_4743; // "SwBlobGC"

    /// <summary>
    /// A session-level advisory lock on a connection of its own, held for the whole collection: released when disposed,
    /// or by the server when the node dies and its connection drops, so a killed collector never blocks the others.
    /// </summary>
    public async Task<IAsyncDisposable?> TryTakeCollectionTurnAsync(CancellationToken ct)
    {
        var c = await db.OpenAsync(ct);
        try
        {
            await using var command = c.Command("SELECT pg_try_advisory_lock(@key)", null, ("key", CollectionLockKey));
            if ((bool)(await command.ExecuteScalarAsync(ct))!) return new Turn(c);
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
        await c.DisposeAsync();
        return null;
    }

    private sealed class Turn(Npgsql.NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", null, CancellationToken.None, ("key", CollectionLockKey)); }
            finally { await connection.DisposeAsync(); } // a pooled connection is reset (DISCARD ALL) and so unlocked anyway
        }
    }

    public async Task<IReadOnlyList<string>> AssetManifestKeysAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync("SELECT DISTINCT assets_manifest FROM script_versions WHERE assets_manifest IS NOT NULL", r => r.GetString(0), null, ct);
    }

    public Task<int> ForgetUnusedUploadsAsync(DateTimeOffset cutoff, IReadOnlySet<string> stillUsed, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, t) =>
        {
            // Exclusive against session creation (which takes the lock shared): a session created meanwhile either commits
            // before (and its hashes are protected here) or after (and its own lookup no longer finds the forgotten files).
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", t, ct, ("key", PostgresAssetStore.SessionsLockKey));
            var before = cutoff.ToUnixTimeMilliseconds();
            var doomed = (await c.QueryAsync("""
                SELECT u.account_id, u.hash, u.blob_key FROM uploaded_assets u
                WHERE u.uploaded_on < @before AND NOT EXISTS (
                    SELECT 1 FROM asset_upload_sessions s, json_each(s.manifest::json) f
                    WHERE s.account_id = u.account_id AND s.expires_on >= @before AND f.value->>'hash' = u.hash)
                """, r => (Account: r.GetString(0), Hash: r.GetString(1), Blob: r.GetString(2)), t, ct, ("before", before)))
                .Where(u => !stillUsed.Contains(u.Blob))
                .ToList();
            foreach (var u in doomed)
                await c.ExecuteAsync("DELETE FROM uploaded_assets WHERE account_id = @acct AND hash = @hash", t, ct, ("acct", u.Account), ("hash", u.Hash));
            return doomed.Count;
        }, ct);

    public async Task<HashSet<string>> DirectlyReferencedKeysAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync("""
            SELECT blob_key FROM version_modules
            UNION SELECT assets_manifest FROM script_versions WHERE assets_manifest IS NOT NULL
            UNION SELECT blob_key FROM uploaded_assets
            """, r => r.GetString(0), null, ct)).ToHashSet(StringComparer.Ordinal);
    }
}
