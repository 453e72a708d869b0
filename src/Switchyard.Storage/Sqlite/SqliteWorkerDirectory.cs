using Switchyard.Storage.Freshness;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// Worker lookups for the edge, on every request. Answers are kept until the next commit (<see cref="CommitScopedMemo{T}"/>),
/// so a deploy is seen by the very next request; after a commit each lookup is one indexed query again, on a
/// connection that keeps it prepared (<see cref="PreparedReads"/>).
/// </summary>
public sealed class SqliteWorkerDirectory(SqliteDatabase db, IBlobStore blobs) : IWorkerDirectory
{
    private readonly PreparedReads _reads = new(db);
    private readonly CommitScopedMemo<WorkerRef?> _found = new(db.CommitProbe);

    private const string Select =
        "SELECT s.account_id, s.id, s.name, n.name, COALESCE(n.trusted_workers, 1), s.active_version_id, " +
        "(SELECT json_group_array(tag) FROM (SELECT tag FROM script_tags t WHERE t.script_id = s.id ORDER BY tag)), " +
        "(SELECT d.versions FROM deployments d WHERE d.script_id = s.id ORDER BY d.created_on DESC, d.rowid DESC LIMIT 1), " +
        "s.tail_consumers FROM scripts s LEFT JOIN dispatch_namespaces n ON n.id = s.namespace_id";

    public WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName)
    {
        return Find("subdomain", Select + " JOIN accounts a ON a.id = s.account_id " +
                    "WHERE a.subdomain = $sub AND s.namespace_id IS NULL AND s.name = $name AND s.subdomain_enabled = 1",
            ("$sub", accountSubdomain.ToLowerInvariant()), ("$name", scriptName));
    }

    public WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName)
    {
        return Find("subdomain-account", Select + " JOIN accounts a ON a.id = s.account_id " +
                    "WHERE a.subdomain = $sub AND s.namespace_id IS NULL AND s.name = $name",
            ("$sub", accountSubdomain.ToLowerInvariant()), ("$name", scriptName));
    }

    public WorkerRef? FindAccountScript(string accountId, string scriptName)
    {
        return Find("account", Select + " WHERE s.account_id = $acct AND s.namespace_id IS NULL AND s.name = $name",
            ("$acct", accountId), ("$name", scriptName));
    }

    public WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName)
    {
        return Find("namespace", Select + " WHERE n.account_id = $acct AND n.name = $ns AND s.namespace_id = n.id AND s.name = $name",
            ("$acct", accountId), ("$ns", namespaceName), ("$name", scriptName));
    }

    public async Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default)
    {
        // On an open connection: opening one (its PRAGMAs) cost a cold start more than the two reads.
        ScriptVersion? version = _reads.Run(session => ScriptRows.LoadVersion(session.Connection, null, versionId));
        if (version is null) return null;
        if (version.Content.Assets is not { } assets) return new DeployedVersion(version, new Dictionary<string, StoredAsset>());
        return new DeployedVersion(version, await AssetManifests.ReadAsync(blobs, assets.ManifestKey, ct));
    }

    private WorkerRef? Find(string query, string sql, params (string, object?)[] parameters) =>
        _found.Get(MemoKey.Of(query, parameters), (Reads: _reads, Sql: sql, Parameters: parameters), static lookup => lookup.Reads.Run(session =>
        {
            using var r = session.Command(lookup.Sql, lookup.Parameters).ExecuteReader();
            return r.Read() ? ReadWorkerRef(r) : null;
        }));
}
