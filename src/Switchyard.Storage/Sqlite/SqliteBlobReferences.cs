using Switchyard.Storage.Blobs;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteBlobReferences(SqliteDatabase db) : IBlobReferences
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<IReadOnlyList<string>> AssetManifestKeysAsync(CancellationToken ct = default) => CompletedTasks.Run(AssetManifestKeys);
    public Task<int> ForgetUnusedUploadsAsync(DateTimeOffset cutoff, IReadOnlySet<string> stillUsed, CancellationToken ct = default) =>
        CompletedTasks.Run(() => ForgetUnusedUploads(cutoff, stillUsed));
    public Task<HashSet<string>> DirectlyReferencedKeysAsync(CancellationToken ct = default) => CompletedTasks.Run(DirectlyReferencedKeys);

    private IReadOnlyList<string> AssetManifestKeys()
    {
        using var c = db.Open();
        return c.Query("SELECT DISTINCT assets_manifest FROM script_versions WHERE assets_manifest IS NOT NULL", r => r.GetString(0));
    }

    private int ForgetUnusedUploads(DateTimeOffset cutoff, IReadOnlySet<string> stillUsed) =>
        // One write transaction: a session created meanwhile either commits before (and its hashes are protected
        // here) or after (and its own lookup no longer finds the forgotten files, so it asks for them).
        db.InTransaction((c, t) =>
        {
            var before = cutoff.ToUnixTimeMilliseconds();
            var doomed = c.Query("""
                SELECT u.account_id, u.hash, u.blob_key FROM uploaded_assets u
                WHERE u.uploaded_on < $before AND NOT EXISTS (
                    SELECT 1 FROM asset_upload_sessions s, json_each(s.manifest) f
                    WHERE s.account_id = u.account_id AND s.expires_on >= $before AND json_extract(f.value, '$.hash') = u.hash)
                """, r => (Account: r.GetString(0), Hash: r.GetString(1), Blob: r.GetString(2)), t, ("$before", before))
                .Where(u => !stillUsed.Contains(u.Blob))
                .ToList();
            foreach (var u in doomed)
                c.Execute("DELETE FROM uploaded_assets WHERE account_id = $acct AND hash = $hash", t, ("$acct", u.Account), ("$hash", u.Hash));
            return doomed.Count;
        });

    /// <summary>Always this process's turn: one node owns an embedded store (and BlobCollector runs one collection at a time).</summary>
    public Task<IAsyncDisposable?> TryTakeCollectionTurnAsync(CancellationToken ct) => Task.FromResult<IAsyncDisposable?>(NoTurn.Instance);

    private sealed class NoTurn : IAsyncDisposable
    {
        public static readonly NoTurn Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private HashSet<string> DirectlyReferencedKeys()
    {
        using var c = db.Open();
        return c.Query("""
            SELECT blob_key FROM version_modules
            UNION SELECT assets_manifest FROM script_versions WHERE assets_manifest IS NOT NULL
            UNION SELECT blob_key FROM uploaded_assets
            """, r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
    }
}
