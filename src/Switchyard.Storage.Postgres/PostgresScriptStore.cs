using System.Text.Json;
using Npgsql;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Scripts, versions and deployments. Every write that changes what the edge serves is an
/// <see cref="PostgresDatabase.InChangingTransaction{T}"/>, so every node drops its cached lookups after it.
/// </summary>
public sealed class PostgresScriptStore(PostgresDatabase db, TimeProvider clock) : IScriptStore
{
    public WorkerScript? Find(ScriptOwner owner, string name)
    {
        using var c = db.Open();
        return Find(c, null, owner, name);
    }

    public ScriptPage List(ScriptOwner owner, TagFilter filter, int limit, string? after)
    {
        using var c = db.Open();
        var (where, parameters) = Matching(owner, filter);
        var rows = c.Query($"{PostgresScriptRows.ScriptColumns} WHERE {where} AND s.name > @after ORDER BY s.name LIMIT @limit",
            PostgresScriptRows.ReadScript, null, [.. parameters, ("after", after ?? ""), ("limit", limit + 1)]);
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        return new ScriptPage(rows, more ? rows[^1].Name : null);
    }

    public ScriptVersion? GetVersion(string scriptId, string versionId)
    {
        using var c = db.Open();
        var version = PostgresScriptRows.LoadVersion(c, null, versionId);
        return version?.ScriptId == scriptId ? version : null;
    }

    public IReadOnlyList<ScriptVersion> ListVersions(string scriptId)
    {
        using var c = db.Open();
        return PostgresScriptRows.LoadVersions(c, scriptId);
    }

    public IReadOnlyList<Deployment> ListDeployments(string scriptId)
    {
        using var c = db.Open();
        return c.Query("SELECT id, script_id, created_on, source, author_email, strategy, versions, annotations FROM deployments " +
                       "WHERE script_id = @s ORDER BY created_on DESC, seq DESC", ReadDeployment, null, ("s", scriptId));
    }

    public VersionCommitResult? Commit(ScriptOwner owner, string name, VersionCommit commit)
    {
        if (commit.CreateScript && !commit.Deploy)
            throw new ArgumentException("a new script must deploy its first version", nameof(commit));

        return db.InChangingTransaction<VersionCommitResult?>((c, t) =>
        {
            // Commits to one script name take turns (SQLite's BEGIN IMMEDIATE does this for every write): the build sees
            // the live version no other commit is about to replace, numbers do not collide, and two first uploads of a
            // name do not both create it.
            c.Execute("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t,
                ("key", $"script/{owner.AccountId}/{owner.NamespaceId}/{name}"));
            var existing = Find(c, t, owner, name);
            if (existing is null && !commit.CreateScript) return null;

            var active = existing is null ? null : PostgresScriptRows.LoadVersion(c, t, existing.ActiveVersionId);
            var content = commit.Build(active);
            var now = clock.GetUtcNow().TruncatedToMilliseconds();
            var scriptId = existing?.Id ?? TokenSecrets.NewId();
            var number = existing is null ? 1
                : c.Scalar<int>("SELECT COALESCE(MAX(number), 0) + 1 FROM script_versions WHERE script_id = @s", t, ("s", scriptId));
            var version = new ScriptVersion(Guid.NewGuid().ToString("D"), scriptId, number, now, commit.Source, content);

            if (existing is null)
                c.Execute("INSERT INTO scripts (id, account_id, namespace_id, name, active_version_id, last_deployed_from, created_on, modified_on) " +
                          "VALUES (@id, @acct, @ns::text, @name, @version, @source, @on, @on)", t,
                    ("id", scriptId), ("acct", owner.AccountId), ("ns", owner.NamespaceId), ("name", name),
                    ("version", version.Id), ("source", commit.Source), ("on", now.ToUnixTimeMilliseconds()));
            PostgresScriptRows.InsertVersion(c, t, version);

            Deployment? deployment = null;
            if (commit.Deploy)
                deployment = InsertDeployment(c, t, scriptId, [new DeploymentVersion(version.Id, 100)], commit.Source, commit.Author,
                    commit.DeploymentAnnotations ?? new Dictionary<string, string>(), now);
            if (commit.Settings is { IsEmpty: false } settings) ApplySettings(c, t, scriptId, settings, now);

            var script = Find(c, t, owner, name)!;
            return new VersionCommitResult(script, version, deployment, existing is null);
        });
    }

    public Deployment? Deploy(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations) =>
        db.InChangingTransaction<Deployment?>((c, t) =>
        {
            var ids = versions.Select(v => v.VersionId).Distinct().ToArray();
            var owned = c.Scalar<long>("SELECT COUNT(*) FROM script_versions WHERE id = ANY(@v) AND script_id = @s", t, ("v", ids), ("s", scriptId));
            if (owned != ids.Length) return null;
            return InsertDeployment(c, t, scriptId, versions, source, author, annotations, clock.GetUtcNow().TruncatedToMilliseconds());
        });

    public WorkerScript? UpdateSettings(string scriptId, ScriptSettingsPatch patch) =>
        db.InChangingTransaction<WorkerScript?>((c, t) =>
        {
            if (FindById(c, t, scriptId) is null) return null;
            ApplySettings(c, t, scriptId, patch, clock.GetUtcNow());
            return FindById(c, t, scriptId);
        });

    public WorkerScript? SetSubdomain(string scriptId, bool enabled, bool previewsEnabled) =>
        db.InChangingTransaction((c, t) =>
        {
            c.Execute("UPDATE scripts SET subdomain_enabled = @e, previews_enabled = @p, modified_on = @on WHERE id = @id", t,
                ("e", enabled), ("p", previewsEnabled), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("id", scriptId));
            return FindById(c, t, scriptId);
        });

    public bool Delete(string scriptId) =>
        db.InChangingTransaction((c, t) => c.Execute("DELETE FROM scripts WHERE id = @id", t, ("id", scriptId)) > 0);

    public IReadOnlyList<string> DeleteMatching(ScriptOwner owner, TagFilter filter)
    {
        if (filter.IsEmpty) throw new ArgumentException("refusing to delete by an empty tag filter", nameof(filter));
        return db.InChangingTransaction((c, t) =>
        {
            var (where, parameters) = Matching(owner, filter);
            return (IReadOnlyList<string>)c.Query($"DELETE FROM scripts s WHERE {where} RETURNING s.name", r => r.GetString(0), t, parameters)
                .Order(StringComparer.Ordinal).ToList();
        });
    }

    public IReadOnlyList<string> FindServiceBindingsTo(string accountId, string service)
    {
        using var c = db.Open();
        return c.Query(
            "SELECT DISTINCT s.name FROM scripts s JOIN script_versions v ON v.id = s.active_version_id, " +
            "jsonb_array_elements(v.bindings::jsonb) b " +
            "WHERE s.account_id = @acct AND b->>'type' = 'service' AND b->>'service' = @svc " +
            "AND NOT (s.namespace_id IS NULL AND s.name = @svc) ORDER BY s.name",
            r => r.GetString(0), null, ("acct", accountId), ("svc", service));
    }

    public IReadOnlyList<(string Script, string Namespace)> FindDispatchOutboundsTo(string accountId, string service)
    {
        using var c = db.Open();
        return c.Query(
            "SELECT DISTINCT s.name, b->>'namespace' FROM scripts s JOIN script_versions v ON v.id = s.active_version_id, " +
            "jsonb_array_elements(v.bindings::jsonb) b " +
            "WHERE s.account_id = @acct AND b->>'type' = 'dispatch_namespace' " +
            "AND b #>> '{outbound,worker,service}' = @svc ORDER BY s.name",
            r => (r.GetString(0), r.GetString(1)), null, ("acct", accountId), ("svc", service));
    }

    private static WorkerScript? Find(NpgsqlConnection c, NpgsqlTransaction? t, ScriptOwner owner, string name) =>
        c.QuerySingle($"{PostgresScriptRows.ScriptColumns} WHERE {PostgresScriptRows.OwnerClause(owner)} AND s.name = @name",
            PostgresScriptRows.ReadScript, t, [.. PostgresScriptRows.OwnerParameters(owner), ("name", name)]);

    private static WorkerScript? FindById(NpgsqlConnection c, NpgsqlTransaction? t, string id) =>
        c.QuerySingle($"{PostgresScriptRows.ScriptColumns} WHERE s.id = @id", PostgresScriptRows.ReadScript, t, ("id", id));

    /// <summary>WHERE clause and parameters for "scripts of the owner matching the tag filter".</summary>
    private static (string Where, (string, object?)[] Parameters) Matching(ScriptOwner owner, TagFilter filter)
    {
        var where = PostgresScriptRows.OwnerClause(owner);
        var parameters = PostgresScriptRows.OwnerParameters(owner).ToList();
        if (filter.Required.Count > 0)
        {
            var required = filter.Required.Distinct().ToArray();
            parameters.Add(("req", required));
            where += $" AND (SELECT COUNT(*) FROM script_tags t WHERE t.script_id = s.id AND t.tag = ANY(@req)) = {required.Length}";
        }
        if (filter.Excluded.Count > 0)
        {
            parameters.Add(("exc", filter.Excluded.ToArray()));
            where += " AND NOT EXISTS (SELECT 1 FROM script_tags t WHERE t.script_id = s.id AND t.tag = ANY(@exc))";
        }
        return (where, parameters.ToArray());
    }

    private static Deployment InsertDeployment(NpgsqlConnection c, NpgsqlTransaction t, string scriptId, IReadOnlyList<DeploymentVersion> versions,
        string source, string? author, IReadOnlyDictionary<string, string> annotations, DateTimeOffset now)
    {
        // The active version (what the script's own endpoints show) is the one with the largest share, the first on a tie.
        var versionId = versions.Aggregate((best, v) => v.Percentage > best.Percentage ? v : best).VersionId;
        var deployment = new Deployment(Guid.NewGuid().ToString("D"), scriptId, now, source, author, "percentage", versions, annotations);
        c.Execute("INSERT INTO deployments (id, script_id, created_on, source, author_email, strategy, versions, annotations) " +
                  "VALUES (@id, @s, @on, @source, @author::text, @strategy, @versions, @ann)", t,
            ("id", deployment.Id), ("s", scriptId), ("on", now.ToUnixTimeMilliseconds()), ("source", source), ("author", author),
            ("strategy", deployment.Strategy), ("versions", StorageJson.Write(deployment.Versions)), ("ann", StorageJson.Write(annotations)));
        c.Execute("UPDATE scripts SET active_version_id = @v, last_deployed_from = @source, modified_on = @on WHERE id = @s", t,
            ("v", versionId), ("source", source), ("on", now.ToUnixTimeMilliseconds()), ("s", scriptId));
        return deployment;
    }

    private static void ApplySettings(NpgsqlConnection c, NpgsqlTransaction t, string scriptId, ScriptSettingsPatch patch, DateTimeOffset now)
    {
        if (patch.Logpush is { } logpush) c.Execute("UPDATE scripts SET logpush = @v WHERE id = @s", t, ("v", logpush), ("s", scriptId));
        if (patch.Observability is { } observability)
            c.Execute("UPDATE scripts SET observability = @v::text WHERE id = @s", t, ("v", NullIfJsonNull(observability)), ("s", scriptId));
        if (patch.TailConsumers is { } tail)
            c.Execute("UPDATE scripts SET tail_consumers = @v::text WHERE id = @s", t, ("v", NullIfJsonNull(tail)), ("s", scriptId));
        if (patch.Tags is { } tags)
        {
            c.Execute("DELETE FROM script_tags WHERE script_id = @s", t, ("s", scriptId));
            foreach (var tag in tags.Distinct())
                c.Execute("INSERT INTO script_tags (script_id, tag) VALUES (@s, @tag)", t, ("s", scriptId), ("tag", tag));
        }
        c.Execute("UPDATE scripts SET modified_on = @on WHERE id = @s", t, ("on", now.ToUnixTimeMilliseconds()), ("s", scriptId));
    }

    private static string? NullIfJsonNull(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetRawText();

    private static Deployment ReadDeployment(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetTimestamp(2), r.GetString(3),
        r.GetNullableString(4), r.GetString(5), StorageJson.Read<List<DeploymentVersion>>(r.GetString(6)),
        StorageJson.Read<Dictionary<string, string>>(r.GetString(7)));
}
