using Npgsql;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Postgres;

/// <summary>Reading scripts and versions back from their rows; shared by the control-plane store and the edge's directory.</summary>
internal static class PostgresScriptRows
{
    /// <summary>A script's tags as a JSON array, sorted.</summary>
    public const string TagsJson =
        "(SELECT COALESCE(json_agg(t.tag ORDER BY t.tag), '[]')::text FROM script_tags t WHERE t.script_id = s.id)";

    public static readonly string ScriptColumns = ScriptSelect(TagsJson);

    /// <summary>The WHERE clause selecting an owner's scripts (separate forms so the partial unique indexes apply).</summary>
    public static string OwnerClause(ScriptOwner owner) => owner.NamespaceId is null
        ? "s.account_id = @acct AND s.namespace_id IS NULL"
        : "s.account_id = @acct AND s.namespace_id = @ns";

    public static (string, object?)[] OwnerParameters(ScriptOwner owner) => owner.NamespaceId is null
        ? [("acct", owner.AccountId)]
        : [("acct", owner.AccountId), ("ns", owner.NamespaceId)];

    public static async Task<ScriptVersion?> LoadVersionAsync(NpgsqlConnection c, string versionId, CancellationToken ct) =>
        await LoadVersionAsync(c, null, versionId, ct);

    public static async Task<ScriptVersion?> LoadVersionAsync(NpgsqlConnection c, NpgsqlTransaction? t, string versionId, CancellationToken ct)
    {
        var version = await c.QuerySingleAsync(VersionColumns + " WHERE id = @id", ReadVersion, t, ct, ("id", versionId));
        if (version is null) return null;
        var modules = await c.QueryAsync(ModuleColumns + " WHERE version_id = @id ORDER BY position", ReadModule, t, ct, ("id", versionId));
        return WithModules(version, modules.ToLookup(m => m.Version, m => m.Module));
    }

    /// <summary>All versions of a script, newest first, with their modules (two queries).</summary>
    public static async Task<List<ScriptVersion>> LoadVersionsAsync(NpgsqlConnection c, string scriptId, CancellationToken ct)
    {
        var versions = await c.QueryAsync(VersionColumns + " WHERE script_id = @s ORDER BY number DESC", ReadVersion, null, ct, ("s", scriptId));
        var modules = (await c.QueryAsync(ModuleColumns + " WHERE version_id IN (SELECT id FROM script_versions WHERE script_id = @s) " +
                                          "ORDER BY version_id, position", ReadModule, null, ct, ("s", scriptId)))
            .ToLookup(m => m.Version, m => m.Module);
        return versions.Select(v => WithModules(v, modules)).ToList();
    }

    public static async Task InsertVersionAsync(NpgsqlConnection c, NpgsqlTransaction t, ScriptVersion v, CancellationToken ct)
    {
        var content = v.Content;
        await c.ExecuteAsync(
            "INSERT INTO script_versions (id, script_id, number, created_on, source, main_module, service_worker, compatibility_date, " +
            "compatibility_flags, bindings, cpu_ms, placement, usage_model, assets_manifest, assets_config, annotations, handlers) VALUES " +
            "(@id, @script, @num, @on, @source, @main::text, @sw, @date::text, @flags, @bindings, @cpu::integer, @placement::text, @usage, " +
            "@manifest::text, @config::text, @ann, @handlers)", t, ct,
            ("id", v.Id), ("script", v.ScriptId), ("num", v.Number), ("on", v.CreatedOn.ToUnixTimeMilliseconds()), ("source", v.Source),
            ("main", content.MainModule), ("sw", content.ServiceWorker), ("date", content.CompatibilityDate),
            ("flags", StorageJson.Write(content.CompatibilityFlags)), ("bindings", StorageJson.Write(content.Bindings)),
            ("cpu", content.CpuMs), ("placement", StorageJson.WriteElement(content.Placement)), ("usage", content.UsageModel),
            ("manifest", content.Assets?.ManifestKey), ("config", content.Assets is null ? null : StorageJson.Write(content.Assets.Config)),
            ("ann", StorageJson.Write(content.Annotations)), ("handlers", StorageJson.Write(content.Handlers)));

        if (content.Modules.Count == 0) return;
        await c.ExecuteAsync(
            "INSERT INTO version_modules (version_id, position, name, content_type, blob_key, size) " +
            "SELECT @v, m.n - 1, m.name, m.type, m.blob, m.size FROM unnest(@names, @types, @blobs, @sizes) WITH ORDINALITY AS m(name, type, blob, size, n)",
            t, ct, ("v", v.Id), ("names", content.Modules.Select(m => m.Name).ToArray()),
            ("types", content.Modules.Select(m => m.ContentType).ToArray()), ("blobs", content.Modules.Select(m => m.BlobKey).ToArray()),
            ("sizes", content.Modules.Select(m => m.Size).ToArray()));
    }
}
