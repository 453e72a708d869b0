using Microsoft.Data.Sqlite;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Sqlite;

/// <summary>Reading scripts and versions back from their rows; shared by the control-plane store and the edge's directory.</summary>
internal static class ScriptRows
{
    public const string ScriptColumns =
        "SELECT s.id, s.account_id, s.namespace_id, s.name, s.active_version_id, s.logpush, s.observability, s.tail_consumers, " +
        "s.last_deployed_from, s.subdomain_enabled, s.previews_enabled, s.created_on, s.modified_on, " +
        "(SELECT json_group_array(tag) FROM (SELECT tag FROM script_tags t WHERE t.script_id = s.id ORDER BY tag)) FROM scripts s";

    public static WorkerScript ReadScript(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3), r.GetString(4),
        StorageJson.Read<List<string>>(r.GetString(13)),
        new ScriptSettings(r.GetBoolean(5), StorageJson.ReadElement(r.GetNullableString(6)), StorageJson.ReadElement(r.GetNullableString(7))),
        r.GetString(8), r.GetBoolean(9), r.GetBoolean(10), r.GetTimestamp(11), r.GetTimestamp(12));

    /// <summary>The WHERE clause selecting an owner's scripts (separate forms so SQLite can use the partial indexes).</summary>
    public static string OwnerClause(ScriptOwner owner) => owner.NamespaceId is null
        ? "s.account_id = $acct AND s.namespace_id IS NULL"
        : "s.account_id = $acct AND s.namespace_id = $ns";

    public static (string, object?)[] OwnerParameters(ScriptOwner owner) => [("$acct", owner.AccountId), ("$ns", owner.NamespaceId)];

    private const string VersionColumns =
        "SELECT id, script_id, number, created_on, source, main_module, service_worker, compatibility_date, compatibility_flags, " +
        "bindings, cpu_ms, placement, usage_model, assets_manifest, assets_config, annotations, handlers FROM script_versions";

    public static ScriptVersion? LoadVersion(SqliteConnection c, SqliteTransaction? t, string versionId)
    {
        var version = c.QuerySingle(VersionColumns + " WHERE id = $id", ReadVersion, t, ("$id", versionId));
        return version is null ? null : WithModules(version, LoadModules(c, t, "version_id = $id", ("$id", versionId)));
    }

    /// <summary>All versions of a script, newest first, with their modules (two queries).</summary>
    public static List<ScriptVersion> LoadVersions(SqliteConnection c, string scriptId)
    {
        var versions = c.Query(VersionColumns + " WHERE script_id = $s ORDER BY number DESC", ReadVersion, null, ("$s", scriptId));
        var modules = LoadModules(c, null, "version_id IN (SELECT id FROM script_versions WHERE script_id = $s)", ("$s", scriptId));
        return versions.Select(v => WithModules(v, modules)).ToList();
    }

    private static ScriptVersion WithModules(ScriptVersion version, ILookup<string, ScriptModule> modules) =>
        version with { Content = version.Content with { Modules = modules[version.Id].ToList() } };

    private static ILookup<string, ScriptModule> LoadModules(SqliteConnection c, SqliteTransaction? t, string where, params (string, object?)[] parameters) =>
        c.Query($"SELECT version_id, name, content_type, blob_key, size FROM version_modules WHERE {where} ORDER BY version_id, position",
                r => (Version: r.GetString(0), Module: new ScriptModule(r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4))),
                t, parameters)
            .ToLookup(m => m.Version, m => m.Module);

    private static ScriptVersion ReadVersion(SqliteDataReader r)
    {
        var manifest = r.GetNullableString(13);
        var content = new VersionContent
        {
            MainModule = r.GetNullableString(5),
            ServiceWorker = r.GetBoolean(6),
            CompatibilityDate = r.GetNullableString(7),
            CompatibilityFlags = StorageJson.Read<List<string>>(r.GetString(8)),
            Bindings = StorageJson.Read<List<WorkerBinding>>(r.GetString(9)),
            CpuMs = r.IsDBNull(10) ? null : r.GetInt32(10),
            Placement = StorageJson.ReadElement(r.GetNullableString(11)),
            UsageModel = r.GetString(12),
            Assets = manifest is null ? null : new VersionAssets(manifest, StorageJson.Read<AssetsConfig>(r.GetString(14))),
            Annotations = StorageJson.Read<Dictionary<string, string>>(r.GetString(15)),
            Handlers = StorageJson.Read<List<string>>(r.GetString(16)),
        };
        return new ScriptVersion(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetTimestamp(3), r.GetString(4), content);
    }

    public static void InsertVersion(SqliteConnection c, SqliteTransaction t, ScriptVersion v)
    {
        var content = v.Content;
        c.Execute(
            "INSERT INTO script_versions (id, script_id, number, created_on, source, main_module, service_worker, compatibility_date, " +
            "compatibility_flags, bindings, cpu_ms, placement, usage_model, assets_manifest, assets_config, annotations, handlers) VALUES " +
            "($id, $script, $num, $on, $source, $main, $sw, $date, $flags, $bindings, $cpu, $placement, $usage, $manifest, $config, $ann, $handlers)", t,
            ("$id", v.Id), ("$script", v.ScriptId), ("$num", v.Number), ("$on", v.CreatedOn.ToUnixTimeMilliseconds()), ("$source", v.Source),
            ("$main", content.MainModule), ("$sw", content.ServiceWorker), ("$date", content.CompatibilityDate),
            ("$flags", StorageJson.Write(content.CompatibilityFlags)), ("$bindings", StorageJson.Write(content.Bindings)),
            ("$cpu", content.CpuMs), ("$placement", StorageJson.WriteElement(content.Placement)), ("$usage", content.UsageModel),
            ("$manifest", content.Assets?.ManifestKey), ("$config", content.Assets is null ? null : StorageJson.Write(content.Assets.Config)),
            ("$ann", StorageJson.Write(content.Annotations)), ("$handlers", StorageJson.Write(content.Handlers)));

        var position = 0;
        foreach (var m in content.Modules)
            c.Execute("INSERT INTO version_modules (version_id, position, name, content_type, blob_key, size) VALUES ($v, $p, $n, $ct, $b, $sz)", t,
                ("$v", v.Id), ("$p", position++), ("$n", m.Name), ("$ct", m.ContentType), ("$b", m.BlobKey), ("$sz", m.Size));
    }
}
