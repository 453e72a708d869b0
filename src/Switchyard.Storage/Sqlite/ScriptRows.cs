using Microsoft.Data.Sqlite;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Sqlite;

/// <summary>Reading scripts and versions back from their rows; shared by the control-plane store and the edge's directory.</summary>
internal static class ScriptRows
{
    public static readonly string ScriptColumns =
        ScriptSelect("(SELECT json_group_array(tag) FROM (SELECT tag FROM script_tags t WHERE t.script_id = s.id ORDER BY tag))");

    /// <summary>The WHERE clause selecting an owner's scripts (separate forms so SQLite can use the partial indexes).</summary>
    public static string OwnerClause(ScriptOwner owner) => owner.NamespaceId is null
        ? "s.account_id = $acct AND s.namespace_id IS NULL"
        : "s.account_id = $acct AND s.namespace_id = $ns";

    public static (string, object?)[] OwnerParameters(ScriptOwner owner) => [("$acct", owner.AccountId), ("$ns", owner.NamespaceId)];

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

    private static ILookup<string, ScriptModule> LoadModules(SqliteConnection c, SqliteTransaction? t, string where, params (string, object?)[] parameters) =>
        c.Query($"{ModuleColumns} WHERE {where} ORDER BY version_id, position", ReadModule, t, parameters)
            .ToLookup(m => m.Version, m => m.Module);

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
