using Microsoft.Data.Sqlite;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Rows;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteScriptStore(SqliteDatabase db, TimeProvider clock) : IScriptStore
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<WorkerScript?> FindAsync(ScriptOwner owner, string name, CancellationToken ct = default) => CompletedTasks.Run(() => Find(owner, name));
    public Task<ScriptPage> ListAsync(ScriptOwner owner, TagFilter filter, int limit, string? after, CancellationToken ct = default) =>
        CompletedTasks.Run(() => List(owner, filter, limit, after));
    public Task<ScriptVersion?> GetVersionAsync(string scriptId, string versionId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => GetVersion(scriptId, versionId));
    public Task<IReadOnlyList<ScriptVersion>> ListVersionsAsync(string scriptId, CancellationToken ct = default) => CompletedTasks.Run(() => ListVersions(scriptId));
    public Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(string scriptId, CancellationToken ct = default) => CompletedTasks.Run(() => ListDeployments(scriptId));
    public Task<VersionCommitResult?> CommitAsync(ScriptOwner owner, string name, VersionCommit commit, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Commit(owner, name, commit));
    public Task<Deployment?> DeployAsync(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Deploy(scriptId, versions, source, author, annotations));
    public Task<WorkerScript?> UpdateSettingsAsync(string scriptId, ScriptSettingsPatch patch, CancellationToken ct = default) =>
        CompletedTasks.Run(() => UpdateSettings(scriptId, patch));
    public Task<WorkerScript?> SetSubdomainAsync(string scriptId, bool enabled, bool previewsEnabled, CancellationToken ct = default) =>
        CompletedTasks.Run(() => SetSubdomain(scriptId, enabled, previewsEnabled));
    public Task<bool> DeleteAsync(string scriptId, CancellationToken ct = default) => CompletedTasks.Run(() => Delete(scriptId));
    public Task<IReadOnlyList<string>> DeleteMatchingAsync(ScriptOwner owner, TagFilter filter, CancellationToken ct = default) =>
        CompletedTasks.Run(() => DeleteMatching(owner, filter));
    public Task<IReadOnlyList<string>> FindServiceBindingsToAsync(string accountId, string service, CancellationToken ct = default) =>
        CompletedTasks.Run(() => FindServiceBindingsTo(accountId, service));
    public Task<IReadOnlyList<(string Script, string Namespace)>> FindDispatchOutboundsToAsync(string accountId, string service,
        CancellationToken ct = default) => CompletedTasks.Run(() => FindDispatchOutboundsTo(accountId, service));

    private WorkerScript? Find(ScriptOwner owner, string name)
    {
        using var c = db.Open();
        return Find(c, null, owner, name);
    }

    private ScriptPage List(ScriptOwner owner, TagFilter filter, int limit, string? after)
    {
        using var c = db.Open();
        var (where, parameters) = Matching(owner, filter);
        var rows = c.Query($"{ScriptRows.ScriptColumns} WHERE {where} AND s.name > $after ORDER BY s.name LIMIT $limit",
            ScriptRowReaders.ReadScript, null, [.. parameters, ("$after", after ?? ""), ("$limit", limit + 1)]);
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        return new ScriptPage(rows, more ? rows[^1].Name : null);
    }

    private ScriptVersion? GetVersion(string scriptId, string versionId)
    {
        using var c = db.Open();
        var version = ScriptRows.LoadVersion(c, null, versionId);
        return version?.ScriptId == scriptId ? version : null;
    }

    private IReadOnlyList<ScriptVersion> ListVersions(string scriptId)
    {
        using var c = db.Open();
        return ScriptRows.LoadVersions(c, scriptId);
    }

    private IReadOnlyList<Deployment> ListDeployments(string scriptId)
    {
        using var c = db.Open();
        return c.Query("SELECT id, script_id, created_on, source, author_email, strategy, versions, annotations FROM deployments " +
                       "WHERE script_id = $s ORDER BY created_on DESC, rowid DESC", ReadDeployment, null, ("$s", scriptId));
    }

    private VersionCommitResult? Commit(ScriptOwner owner, string name, VersionCommit commit)
    {
        if (commit.CreateScript && !commit.Deploy)
            throw new ArgumentException("a new script must deploy its first version", nameof(commit));

        return db.InTransaction<VersionCommitResult?>((c, t) =>
        {
            var existing = Find(c, t, owner, name);
            if (existing is null && !commit.CreateScript) return null;

            var active = existing is null ? null : ScriptRows.LoadVersion(c, t, existing.ActiveVersionId);
            var content = commit.Build(active);
            var now = clock.GetUtcNow().TruncatedToMilliseconds();
            var scriptId = existing?.Id ?? TokenSecrets.NewId();
            var number = existing is null ? 1
                : Convert.ToInt32(c.Command("SELECT COALESCE(MAX(number), 0) + 1 FROM script_versions WHERE script_id = $s", t, ("$s", scriptId)).ExecuteScalar());
            var version = new ScriptVersion(Guid.NewGuid().ToString("D"), scriptId, number, now, commit.Source, content);

            if (existing is null)
                c.Execute("INSERT INTO scripts (id, account_id, namespace_id, name, active_version_id, last_deployed_from, created_on, modified_on) " +
                          "VALUES ($id, $acct, $ns, $name, $version, $source, $on, $on)", t,
                    ("$id", scriptId), ("$acct", owner.AccountId), ("$ns", owner.NamespaceId), ("$name", name),
                    ("$version", version.Id), ("$source", commit.Source), ("$on", now.ToUnixTimeMilliseconds()));
            ScriptRows.InsertVersion(c, t, version);

            Deployment? deployment = null;
            if (commit.Deploy)
                deployment = InsertDeployment(c, t, scriptId, version.Id, commit.Source, commit.Author,
                    commit.DeploymentAnnotations ?? new Dictionary<string, string>(), now);
            if (commit.Settings is { IsEmpty: false } settings) ApplySettings(c, t, scriptId, settings, now);

            var script = Find(c, t, owner, name)!;
            return new VersionCommitResult(script, version, deployment, existing is null);
        });
    }

    private Deployment? Deploy(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations) =>
        db.InTransaction<Deployment?>((c, t) =>
        {
            foreach (var version in versions)
            {
                var owned = c.Command("SELECT COUNT(*) FROM script_versions WHERE id = $v AND script_id = $s", t,
                    ("$v", version.VersionId), ("$s", scriptId)).ExecuteScalar();
                if (Convert.ToInt64(owned) == 0) return null;
            }
            return InsertDeployment(c, t, scriptId, versions, source, author, annotations, clock.GetUtcNow().TruncatedToMilliseconds());
        });

    private WorkerScript? UpdateSettings(string scriptId, ScriptSettingsPatch patch) =>
        db.InTransaction<WorkerScript?>((c, t) =>
        {
            if (FindById(c, t, scriptId) is null) return null;
            ApplySettings(c, t, scriptId, patch, clock.GetUtcNow());
            return FindById(c, t, scriptId);
        });

    private WorkerScript? SetSubdomain(string scriptId, bool enabled, bool previewsEnabled)
    {
        using var c = db.Open();
        c.Execute("UPDATE scripts SET subdomain_enabled = $e, previews_enabled = $p, modified_on = $on WHERE id = $id", null,
            ("$e", enabled), ("$p", previewsEnabled), ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", scriptId));
        return FindById(c, null, scriptId);
    }

    private bool Delete(string scriptId)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM scripts WHERE id = $id", null, ("$id", scriptId)) > 0;
    }

    private IReadOnlyList<string> DeleteMatching(ScriptOwner owner, TagFilter filter)
    {
        if (filter.IsEmpty) throw new ArgumentException("refusing to delete by an empty tag filter", nameof(filter));
        return db.InTransaction((c, t) =>
        {
            var (where, parameters) = Matching(owner, filter);
            var doomed = c.Query($"SELECT s.id, s.name FROM scripts s WHERE {where} ORDER BY s.name", r => (Id: r.GetString(0), Name: r.GetString(1)), t, parameters);
            foreach (var (id, _) in doomed) c.Execute("DELETE FROM scripts WHERE id = $id", t, ("$id", id));
            return (IReadOnlyList<string>)doomed.Select(d => d.Name).ToList();
        });
    }

    private IReadOnlyList<string> FindServiceBindingsTo(string accountId, string service)
    {
        using var c = db.Open();
        return c.Query(
            "SELECT DISTINCT s.name FROM scripts s JOIN script_versions v ON v.id = s.active_version_id, json_each(v.bindings) b " +
            "WHERE s.account_id = $acct AND json_extract(b.value, '$.type') = 'service' AND json_extract(b.value, '$.service') = $svc " +
            "AND NOT (s.namespace_id IS NULL AND s.name = $svc) ORDER BY s.name",
            r => r.GetString(0), null, ("$acct", accountId), ("$svc", service));
    }

    private IReadOnlyList<(string Script, string Namespace)> FindDispatchOutboundsTo(string accountId, string service)
    {
        using var c = db.Open();
        return c.Query(
            "SELECT DISTINCT s.name, json_extract(b.value, '$.namespace') FROM scripts s " +
            "JOIN script_versions v ON v.id = s.active_version_id, json_each(v.bindings) b " +
            "WHERE s.account_id = $acct AND json_extract(b.value, '$.type') = 'dispatch_namespace' " +
            "AND json_extract(b.value, '$.outbound.worker.service') = $svc ORDER BY s.name",
            r => (r.GetString(0), r.GetString(1)), null, ("$acct", accountId), ("$svc", service));
    }

    private static WorkerScript? Find(SqliteConnection c, SqliteTransaction? t, ScriptOwner owner, string name) =>
        c.QuerySingle($"{ScriptRows.ScriptColumns} WHERE {ScriptRows.OwnerClause(owner)} AND s.name = $name", ScriptRowReaders.ReadScript, t,
            [.. ScriptRows.OwnerParameters(owner), ("$name", name)]);

    private static WorkerScript? FindById(SqliteConnection c, SqliteTransaction? t, string id) =>
        c.QuerySingle($"{ScriptRows.ScriptColumns} WHERE s.id = $id", ScriptRowReaders.ReadScript, t, ("$id", id));

    /// <summary>WHERE clause and parameters for "scripts of the owner matching the tag filter".</summary>
    private static (string Where, (string, object?)[] Parameters) Matching(ScriptOwner owner, TagFilter filter)
    {
        var where = ScriptRows.OwnerClause(owner);
        var parameters = ScriptRows.OwnerParameters(owner).ToList();
        if (filter.Required.Count > 0)
        {
            var names = filter.Required.Select((tag, i) => { parameters.Add(($"$req{i}", tag)); return $"$req{i}"; }).ToList();
            where += $" AND (SELECT COUNT(*) FROM script_tags t WHERE t.script_id = s.id AND t.tag IN ({string.Join(", ", names)})) = {filter.Required.Distinct().Count()}";
        }
        if (filter.Excluded.Count > 0)
        {
            var names = filter.Excluded.Select((tag, i) => { parameters.Add(($"$exc{i}", tag)); return $"$exc{i}"; }).ToList();
            where += $" AND NOT EXISTS (SELECT 1 FROM script_tags t WHERE t.script_id = s.id AND t.tag IN ({string.Join(", ", names)}))";
        }
        return (where, parameters.ToArray());
    }

    private static Deployment InsertDeployment(SqliteConnection c, SqliteTransaction t, string scriptId, string versionId, string source,
        string? author, IReadOnlyDictionary<string, string> annotations, DateTimeOffset now) =>
        InsertDeployment(c, t, scriptId, [new DeploymentVersion(versionId, 100)], source, author, annotations, now);

    private static Deployment InsertDeployment(SqliteConnection c, SqliteTransaction t, string scriptId, IReadOnlyList<DeploymentVersion> versions,
        string source, string? author, IReadOnlyDictionary<string, string> annotations, DateTimeOffset now)
    {
        // The active version (what the script's own endpoints show) is the one with the largest share, the first on a tie.
        var versionId = versions.Aggregate((best, v) => v.Percentage > best.Percentage ? v : best).VersionId;
        var deployment = new Deployment(Guid.NewGuid().ToString("D"), scriptId, now, source, author, "percentage", versions, annotations);
        c.Execute("INSERT INTO deployments (id, script_id, created_on, source, author_email, strategy, versions, annotations) " +
                  "VALUES ($id, $s, $on, $source, $author, $strategy, $versions, $ann)", t,
            ("$id", deployment.Id), ("$s", scriptId), ("$on", now.ToUnixTimeMilliseconds()), ("$source", source), ("$author", author),
            ("$strategy", deployment.Strategy), ("$versions", StorageJson.Write(deployment.Versions)), ("$ann", StorageJson.Write(annotations)));
        c.Execute("UPDATE scripts SET active_version_id = $v, last_deployed_from = $source, modified_on = $on WHERE id = $s", t,
            ("$v", versionId), ("$source", source), ("$on", now.ToUnixTimeMilliseconds()), ("$s", scriptId));
        return deployment;
    }

    private static void ApplySettings(SqliteConnection c, SqliteTransaction t, string scriptId, ScriptSettingsPatch patch, DateTimeOffset now)
    {
        if (patch.Logpush is { } logpush) c.Execute("UPDATE scripts SET logpush = $v WHERE id = $s", t, ("$v", logpush), ("$s", scriptId));
        if (patch.Observability is { } observability)
            c.Execute("UPDATE scripts SET observability = $v WHERE id = $s", t, ("$v", NullIfJsonNull(observability)), ("$s", scriptId));
        if (patch.TailConsumers is { } tail)
            c.Execute("UPDATE scripts SET tail_consumers = $v WHERE id = $s", t, ("$v", NullIfJsonNull(tail)), ("$s", scriptId));
        if (patch.Tags is { } tags)
        {
            c.Execute("DELETE FROM script_tags WHERE script_id = $s", t, ("$s", scriptId));
            foreach (var tag in tags.Distinct())
                c.Execute("INSERT INTO script_tags (script_id, tag) VALUES ($s, $tag)", t, ("$s", scriptId), ("$tag", tag));
        }
        c.Execute("UPDATE scripts SET modified_on = $on WHERE id = $s", t, ("$on", now.ToUnixTimeMilliseconds()), ("$s", scriptId));
    }

    private static string? NullIfJsonNull(System.Text.Json.JsonElement e) =>
        e.ValueKind == System.Text.Json.JsonValueKind.Null ? null : e.GetRawText();
}
