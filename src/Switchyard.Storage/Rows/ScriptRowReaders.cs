using System.Data.Common;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Rows;

/// <summary>
/// A script's, a version's and a module's row as both backends select them (the same columns in the same order; only
/// the SQL around them, parameters and the tags aggregate, is the backend's own).
/// </summary>
public static class ScriptRowReaders
{
    /// <summary>
    /// The SELECT <see cref="ReadScript"/> reads, from <c>scripts s</c>; <paramref name="tagsJson"/> is the backend's
    /// expression for the script's tags as a JSON array of strings, sorted.
    /// </summary>
    public static string ScriptSelect(string tagsJson) =>
        "SELECT s.id, s.account_id, s.namespace_id, s.name, s.active_version_id, s.logpush, s.observability, s.tail_consumers, " +
        "s.last_deployed_from, s.subdomain_enabled, s.previews_enabled, s.created_on, s.modified_on, " + tagsJson + " FROM scripts s";

    /// <summary>Reads a <see cref="ScriptSelect"/> row.</summary>
    public static WorkerScript ReadScript(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3), r.GetString(4),
        StorageJson.Read<List<string>>(r.GetString(13)),
        new ScriptSettings(r.GetBoolean(5), StorageJson.ReadElement(r.GetNullableString(6)), StorageJson.ReadElement(r.GetNullableString(7))),
        r.GetString(8), r.GetBoolean(9), r.GetBoolean(10), r.GetTimestamp(11), r.GetTimestamp(12));

    public const string VersionColumns =
        "SELECT id, script_id, number, created_on, source, main_module, service_worker, compatibility_date, compatibility_flags, " +
        "bindings, cpu_ms, placement, usage_model, assets_manifest, assets_config, annotations, handlers FROM script_versions";

    public const string ModuleColumns = "SELECT version_id, name, content_type, blob_key, size FROM version_modules";

    /// <summary>Reads a <see cref="VersionColumns"/> row; its modules come from <see cref="ModuleColumns"/> (<see cref="WithModules"/>).</summary>
    public static ScriptVersion ReadVersion(DbDataReader r)
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

    /// <summary>Reads a <see cref="ModuleColumns"/> row: the version it belongs to, and the module.</summary>
    public static (string Version, ScriptModule Module) ReadModule(DbDataReader r) =>
        (r.GetString(0), new ScriptModule(r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4)));

    /// <summary>Reads a deployment: id, script id, created on, source, author, strategy, versions and annotations as JSON.</summary>
    public static Deployment ReadDeployment(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetTimestamp(2), r.GetString(3),
        r.GetNullableString(4), r.GetString(5), StorageJson.Read<List<DeploymentVersion>>(r.GetString(6)),
        StorageJson.Read<Dictionary<string, string>>(r.GetString(7)));

    /// <summary>Reads a dispatch namespace: id, account, name, trusted workers, script count and the four audit columns.</summary>
    public static DispatchNamespace ReadNamespace(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2),
        r.GetBoolean(3), r.GetInt32(4), r.GetTimestamp(5), r.GetString(6), r.GetTimestamp(7), r.GetString(8));

    /// <summary>
    /// Reads the edge's worker lookup: a version split over several versions is its traffic, one version none; then its
    /// tail consumers.
    /// </summary>
    public static WorkerRef ReadWorkerRef(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3),
        r.GetBoolean(4), r.GetString(5), StorageJson.Read<List<string>>(r.GetString(6)))
    {
        Traffic = r.GetNullableString(7) is { } versions && StorageJson.Read<List<DeploymentVersion>>(versions) is { Count: > 1 } split ? split : null,
        TailConsumers = r.GetNullableString(8) is { } consumers ? TailConsumerServices(consumers) : [],
    };

    /// <summary>The service names of a <c>tail_consumers</c> setting (<c>[{"service": …, "environment": …}]</c>).</summary>
    public static IReadOnlyList<string> TailConsumerServices(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array) return [];
        var services = new List<string>();
        foreach (var consumer in document.RootElement.EnumerateArray())
            if (consumer.ValueKind == System.Text.Json.JsonValueKind.Object && consumer.TryGetProperty("service", out var service)
                && service.ValueKind == System.Text.Json.JsonValueKind.String && service.GetString() is { Length: > 0 } name
                && !services.Contains(name))
                services.Add(name);
        return services;
    }

    /// <summary>The version with its modules, in the order they were read.</summary>
    public static ScriptVersion WithModules(ScriptVersion version, ILookup<string, ScriptModule> modules) =>
        version with { Content = version.Content with { Modules = modules[version.Id].ToList() } };
}
