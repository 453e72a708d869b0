using System.Text.Json;
using Npgsql;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Rows;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Scripts, versions and deployments. Every write that changes what the edge serves is an
/// <see cref="PostgresDatabase.InChangingTransactionAsync{T}"/>, so every node drops its cached lookups after it.
/// </summary>
public sealed class PostgresScriptStore(PostgresDatabase db, TimeProvider clock) : IScriptStore
{
    public async Task<WorkerScript?> FindAsync(ScriptOwner owner, string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await FindAsync(c, null, owner, name, ct);
    }

    public async Task<ScriptPage> ListAsync(ScriptOwner owner, TagFilter filter, int limit, string? after, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (where, parameters) = Matching(owner, filter);
        var rows = await c.QueryAsync($"{PostgresScriptRows.ScriptColumns} WHERE {where} AND s.name > @after ORDER BY s.name LIMIT @limit",
            ScriptRowReaders.ReadScript, null, ct, [.. parameters, ("after", after ?? ""), ("limit", limit + 1)]);
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        return new ScriptPage(rows, more ? rows[^1].Name : null);
    }

    public async Task<ScriptVersion?> GetVersionAsync(string scriptId, string versionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var version = await PostgresScriptRows.LoadVersionAsync(c, null, versionId, ct);
        return version?.ScriptId == scriptId ? version : null;
    }

    public async Task<IReadOnlyList<ScriptVersion>> ListVersionsAsync(string scriptId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await PostgresScriptRows.LoadVersionsAsync(c, scriptId, ct);
    }

    public async Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(string scriptId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync("SELECT id, script_id, created_on, source, author_email, strategy, versions, annotations FROM deployments " +
                                  "WHERE script_id = @s ORDER BY created_on DESC, seq DESC", ReadDeployment, null, ct, ("s", scriptId));
    }

    public Task<VersionCommitResult?> CommitAsync(ScriptOwner owner, string name, VersionCommit commit, CancellationToken ct = default)
    {
        if (commit.CreateScript && !commit.Deploy)
            throw new ArgumentException("a new script must deploy its first version", nameof(commit));

        return db.InChangingTransactionAsync<VersionCommitResult?>(async (c, t) =>
        {
            // Commits to one script name take turns (SQLite's BEGIN IMMEDIATE does this for every write): the build sees
            // the live version no other commit is about to replace, numbers do not collide, and two first uploads of a
            // name do not both create it.
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t, ct,
                ("key", $"script/{owner.AccountId}/{owner.NamespaceId}/{name}"));
            var existing = await FindAsync(c, t, owner, name, ct);
            if (existing is null && !commit.CreateScript) return null;

            var active = existing is null ? null : await PostgresScriptRows.LoadVersionAsync(c, t, existing.ActiveVersionId, ct);
            var content = commit.Build(active);
            var now = clock.GetUtcNow().TruncatedToMilliseconds();
            var scriptId = existing?.Id ?? TokenSecrets.NewId();
            var number = existing is null ? 1
                : await c.ScalarAsync<int>("SELECT COALESCE(MAX(number), 0) + 1 FROM script_versions WHERE script_id = @s", t, ct, ("s", scriptId));
            var version = new ScriptVersion(Guid.NewGuid().ToString("D"), scriptId, number, now, commit.Source, content);

            if (existing is null)
                await c.ExecuteAsync("INSERT INTO scripts (id, account_id, namespace_id, name, active_version_id, last_deployed_from, created_on, modified_on) " +
                                     "VALUES (@id, @acct, @ns::text, @name, @version, @source, @on, @on)", t, ct,
                    ("id", scriptId), ("acct", owner.AccountId), ("ns", owner.NamespaceId), ("name", name),
                    ("version", version.Id), ("source", commit.Source), ("on", now.ToUnixTimeMilliseconds()));
            await PostgresScriptRows.InsertVersionAsync(c, t, version, ct);

            Deployment? deployment = null;
            if (commit.Deploy)
                deployment = await InsertDeploymentAsync(c, t, scriptId, [new DeploymentVersion(version.Id, 100)], commit.Source, commit.Author,
                    commit.DeploymentAnnotations ?? new Dictionary<string, string>(), now, ct);
            if (commit.Settings is { IsEmpty: false } settings) await ApplySettingsAsync(c, t, scriptId, settings, now, ct);

            var script = (await FindAsync(c, t, owner, name, ct))!;
            return new VersionCommitResult(script, version, deployment, existing is null);
        }, ct);
    }

    public Task<Deployment?> DeployAsync(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations, CancellationToken ct = default) =>
        db.InChangingTransactionAsync<Deployment?>(async (c, t) =>
        {
            var ids = versions.Select(v => v.VersionId).Distinct().ToArray();
            var owned = await c.ScalarAsync<long>("SELECT COUNT(*) FROM script_versions WHERE id = ANY(@v) AND script_id = @s", t, ct,
                ("v", ids), ("s", scriptId));
            if (owned != ids.Length) return null;
            return await InsertDeploymentAsync(c, t, scriptId, versions, source, author, annotations, clock.GetUtcNow().TruncatedToMilliseconds(), ct);
        }, ct);

    public Task<WorkerScript?> UpdateSettingsAsync(string scriptId, ScriptSettingsPatch patch, CancellationToken ct = default) =>
        db.InChangingTransactionAsync<WorkerScript?>(async (c, t) =>
        {
            if (await FindByIdAsync(c, t, scriptId, ct) is null) return null;
            await ApplySettingsAsync(c, t, scriptId, patch, clock.GetUtcNow(), ct);
            return await FindByIdAsync(c, t, scriptId, ct);
        }, ct);

    public Task<WorkerScript?> SetSubdomainAsync(string scriptId, bool enabled, bool previewsEnabled, CancellationToken ct = default) =>
        db.InChangingTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync("UPDATE scripts SET subdomain_enabled = @e, previews_enabled = @p, modified_on = @on WHERE id = @id", t, ct,
                ("e", enabled), ("p", previewsEnabled), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("id", scriptId));
            return await FindByIdAsync(c, t, scriptId, ct);
        }, ct);

    public async Task<bool> DeleteAsync(string scriptId, CancellationToken ct = default) =>
        await db.InChangingTransactionAsync((c, t) => c.ExecuteAsync("DELETE FROM scripts WHERE id = @id", t, ct, ("id", scriptId)), ct) > 0;

    public Task<IReadOnlyList<string>> DeleteMatchingAsync(ScriptOwner owner, TagFilter filter, CancellationToken ct = default)
    {
        if (filter.IsEmpty) throw new ArgumentException("refusing to delete by an empty tag filter", nameof(filter));
        return db.InChangingTransactionAsync<IReadOnlyList<string>>(async (c, t) =>
        {
            var (where, parameters) = Matching(owner, filter);
            return (await c.QueryAsync($"DELETE FROM scripts s WHERE {where} RETURNING s.name", r => r.GetString(0), t, ct, parameters))
                .Order(StringComparer.Ordinal).ToList();
        }, ct);
    }

    public async Task<IReadOnlyList<string>> FindServiceBindingsToAsync(string accountId, string service, CancellationToken ct = default) =>
        (await LiveBindingsNamingAsync(accountId, service, ct))
            .Where(s => s.Bindings.OfType<ServiceBinding>().Any(b => b.Service == service) && !(s.NamespaceId is null && s.Name == service))
            .Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<(string Script, string Namespace)>> FindDispatchOutboundsToAsync(string accountId, string service,
        CancellationToken ct = default) =>
        (await LiveBindingsNamingAsync(accountId, service, ct))
            .SelectMany(s => s.Bindings.OfType<DispatchNamespaceBinding>().Where(b => b.Outbound?.Worker.Service == service).Select(b => (s.Name, b.Namespace)))
            .Distinct().OrderBy(x => x.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The account's scripts whose live version's bindings mention <paramref name="service"/> (as a JSON string), with
    /// those bindings read back. The bindings are matched as text and read here rather than with PostgreSQL's JSON
    /// functions: a value holding U+0000 is stored escaped, and jsonb (and json's operators) refuse to read it back.
    /// </summary>
    private async Task<List<(string Name, string? NamespaceId, List<WorkerBinding> Bindings)>> LiveBindingsNamingAsync(string accountId, string service,
        CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(
            "SELECT s.name, s.namespace_id, v.bindings FROM scripts s JOIN script_versions v ON v.id = s.active_version_id " +
            "WHERE s.account_id = @acct AND strpos(v.bindings, @needle) > 0",
            r => (r.GetString(0), r.GetNullableString(1), r.GetString(2)), null, ct,
            ("acct", accountId), ("needle", StorageJson.Write(service)));
        return rows.Select(r => (r.Item1, r.Item2, StorageJson.Read<List<WorkerBinding>>(r.Item3))).ToList();
    }

    private static Task<WorkerScript?> FindAsync(NpgsqlConnection c, NpgsqlTransaction? t, ScriptOwner owner, string name, CancellationToken ct) =>
        c.QuerySingleAsync($"{PostgresScriptRows.ScriptColumns} WHERE {PostgresScriptRows.OwnerClause(owner)} AND s.name = @name",
            ScriptRowReaders.ReadScript, t, ct, [.. PostgresScriptRows.OwnerParameters(owner), ("name", name)]);

    private static Task<WorkerScript?> FindByIdAsync(NpgsqlConnection c, NpgsqlTransaction? t, string id, CancellationToken ct) =>
        c.QuerySingleAsync($"{PostgresScriptRows.ScriptColumns} WHERE s.id = @id", ScriptRowReaders.ReadScript, t, ct, ("id", id));

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

    private static async Task<Deployment> InsertDeploymentAsync(NpgsqlConnection c, NpgsqlTransaction t, string scriptId,
        IReadOnlyList<DeploymentVersion> versions, string source, string? author, IReadOnlyDictionary<string, string> annotations,
        DateTimeOffset now, CancellationToken ct)
    {
        // The active version (what the script's own endpoints show) is the one with the largest share, the first on a tie.
        var versionId = versions.Aggregate((best, v) => v.Percentage > best.Percentage ? v : best).VersionId;
        var deployment = new Deployment(Guid.NewGuid().ToString("D"), scriptId, now, source, author, "percentage", versions, annotations);
        await c.ExecuteAsync("INSERT INTO deployments (id, script_id, created_on, source, author_email, strategy, versions, annotations) " +
                             "VALUES (@id, @s, @on, @source, @author::text, @strategy, @versions, @ann)", t, ct,
            ("id", deployment.Id), ("s", scriptId), ("on", now.ToUnixTimeMilliseconds()), ("source", source), ("author", author),
            ("strategy", deployment.Strategy), ("versions", StorageJson.Write(deployment.Versions)), ("ann", StorageJson.Write(annotations)));
        await c.ExecuteAsync("UPDATE scripts SET active_version_id = @v, last_deployed_from = @source, modified_on = @on WHERE id = @s", t, ct,
            ("v", versionId), ("source", source), ("on", now.ToUnixTimeMilliseconds()), ("s", scriptId));
        return deployment;
    }

    private static async Task ApplySettingsAsync(NpgsqlConnection c, NpgsqlTransaction t, string scriptId, ScriptSettingsPatch patch,
        DateTimeOffset now, CancellationToken ct)
    {
        if (patch.Logpush is { } logpush) await c.ExecuteAsync("UPDATE scripts SET logpush = @v WHERE id = @s", t, ct, ("v", logpush), ("s", scriptId));
        if (patch.Observability is { } observability)
            await c.ExecuteAsync("UPDATE scripts SET observability = @v::text WHERE id = @s", t, ct, ("v", NullIfJsonNull(observability)), ("s", scriptId));
        if (patch.TailConsumers is { } tail)
            await c.ExecuteAsync("UPDATE scripts SET tail_consumers = @v::text WHERE id = @s", t, ct, ("v", NullIfJsonNull(tail)), ("s", scriptId));
        if (patch.Tags is { } tags)
        {
            await c.ExecuteAsync("DELETE FROM script_tags WHERE script_id = @s", t, ct, ("s", scriptId));
            var distinct = tags.Distinct().ToArray();
            if (distinct.Length > 0)
                await c.ExecuteAsync("INSERT INTO script_tags (script_id, tag) SELECT @s, unnest(@tags)", t, ct, ("s", scriptId), ("tags", distinct));
        }
        await c.ExecuteAsync("UPDATE scripts SET modified_on = @on WHERE id = @s", t, ct, ("on", now.ToUnixTimeMilliseconds()), ("s", scriptId));
    }

    private static string? NullIfJsonNull(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetRawText();
}
