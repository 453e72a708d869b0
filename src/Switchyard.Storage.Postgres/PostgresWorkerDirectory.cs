using Npgsql;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Freshness;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Worker lookups for the edge, on every request. Answers are kept in memory until the change feed reports a commit
/// (<see cref="CommitScopedMemo{T}"/> over <see cref="PostgresChangeFeed"/>), so between deploys the request path
/// queries nothing; after one, each lookup is one indexed query again.
/// </summary>
public sealed class PostgresWorkerDirectory(PostgresDatabase db, IBlobStore blobs) : IWorkerDirectory
{
    private readonly CommitScopedMemo<WorkerRef?> _found = new(db.Changes);

    private const string Select =
        "SELECT s.account_id, s.id, s.name, n.name, COALESCE(n.trusted_workers, true), s.active_version_id, " +
        PostgresScriptRows.TagsJson + ", " +
        "(SELECT d.versions FROM deployments d WHERE d.script_id = s.id ORDER BY d.created_on DESC, d.seq DESC LIMIT 1), " +
        "s.tail_consumers FROM scripts s LEFT JOIN dispatch_namespaces n ON n.id = s.namespace_id";

    public WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName) =>
        Find("subdomain", Select + " JOIN accounts a ON a.id = s.account_id " +
             "WHERE a.subdomain = @sub AND s.namespace_id IS NULL AND s.name = @name AND s.subdomain_enabled",
            ("sub", accountSubdomain.ToLowerInvariant()), ("name", scriptName));

    public WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName) =>
        Find("subdomain-account", Select + " JOIN accounts a ON a.id = s.account_id WHERE a.subdomain = @sub AND s.namespace_id IS NULL AND s.name = @name",
            ("sub", accountSubdomain.ToLowerInvariant()), ("name", scriptName));

    public WorkerRef? FindAccountScript(string accountId, string scriptName) =>
        Find("account", Select + " WHERE s.account_id = @acct AND s.namespace_id IS NULL AND s.name = @name", ("acct", accountId), ("name", scriptName));

    public WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName) =>
        Find("namespace", Select + " WHERE n.account_id = @acct AND n.name = @ns AND s.namespace_id = n.id AND s.name = @name",
            ("acct", accountId), ("ns", namespaceName), ("name", scriptName));

    public async Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default)
    {
        ScriptVersion? version;
        await using (var c = await db.OpenAsync(ct)) version = await PostgresScriptRows.LoadVersionAsync(c, versionId, ct);
        if (version is null) return null;
        if (version.Content.Assets is not { } assets) return new DeployedVersion(version, new Dictionary<string, StoredAsset>());
        return new DeployedVersion(version, await AssetManifests.ReadAsync(blobs, assets.ManifestKey, ct));
    }

    // A miss queries synchronously (Npgsql's own synchronous I/O, no blocking on a task): the name lookups are
    // synchronous in IWorkerDirectory, and a miss happens only for the first request after a change.
    private WorkerRef? Find(string query, string sql, params (string, object?)[] parameters) =>
        _found.Get(MemoKey.Of(query, parameters), (Db: db, Sql: sql, Parameters: parameters), static lookup =>
        {
            using var c = lookup.Db.Open();
            return c.QuerySingle(lookup.Sql, ReadWorkerRef, null, lookup.Parameters);
        });
}
