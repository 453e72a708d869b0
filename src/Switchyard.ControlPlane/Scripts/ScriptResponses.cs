using System.Text.Json;
using Switchyard.ControlPlane.Scripts.Bindings;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>The JSON shapes of scripts, settings, versions and deployments, as the SDK types and wrangler read them.</summary>
public static class ScriptResponses
{
    /// <summary>The script object (<c>id</c> is the name, <c>tag</c> the immutable id) describing its live version.</summary>
    public static Dictionary<string, object?> Script(WorkerScript script, ScriptVersion live)
    {
        var content = live.Content;
        return new Dictionary<string, object?>
        {
            ["id"] = script.Name,
            ["tag"] = script.Id,
            ["etag"] = content.Etag,
            ["handlers"] = content.Handlers,
            ["entry_point"] = content.MainModule,
            ["created_on"] = script.CreatedOn,
            ["modified_on"] = script.ModifiedOn,
            ["usage_model"] = content.UsageModel,
            ["compatibility_date"] = content.CompatibilityDate,
            ["compatibility_flags"] = content.CompatibilityFlags,
            ["has_assets"] = content.Assets is not null,
            ["has_modules"] = content.HasModules && !content.ServiceWorker,
            ["logpush"] = script.Settings.Logpush,
            ["observability"] = script.Settings.Observability,
            ["tail_consumers"] = script.Settings.TailConsumers,
            ["placement_mode"] = PlacementMode(content.Placement),
            ["tags"] = script.Tags,
            ["last_deployed_from"] = script.LastDeployedFrom,
        };
    }

    /// <summary>The answer to an upload: the script object plus the version id wrangler prints and the startup time.</summary>
    public static Dictionary<string, object?> Uploaded(WorkerScript script, ScriptVersion version)
    {
        var result = Script(script, version);
        result["deployment_id"] = version.Id;
        result["startup_time_ms"] = 0;
        return result;
    }

    /// <summary><c>/settings</c>: the versioned settings of the live version plus the script-level ones.</summary>
    public static object Settings(WorkerScript script, ScriptVersion live) => new
    {
        bindings = live.Content.Bindings.Select(BindingSet.Public).ToList(),
        compatibility_date = live.Content.CompatibilityDate,
        compatibility_flags = live.Content.CompatibilityFlags,
        limits = live.Content.CpuMs is { } cpu ? new { cpu_ms = cpu } : null,
        logpush = script.Settings.Logpush,
        observability = script.Settings.Observability,
        placement = live.Content.Placement,
        tags = script.Tags,
        tail_consumers = script.Settings.TailConsumers,
        usage_model = live.Content.UsageModel,
    };

    /// <summary><c>/script-settings</c>: only the settings that are not versioned.</summary>
    public static object ScriptSettings(WorkerScript script) => new
    {
        logpush = script.Settings.Logpush,
        observability = script.Settings.Observability,
        tags = script.Tags,
        tail_consumers = script.Settings.TailConsumers,
    };

    public static object Version(WorkerScript script, ScriptVersion version) => new
    {
        id = version.Id,
        number = version.Number,
        metadata = new
        {
            created_on = version.CreatedOn,
            modified_on = version.CreatedOn,
            source = version.Source,
            has_preview = false,
        },
        annotations = version.Content.Annotations,
        resources = new
        {
            script = new
            {
                etag = version.Content.Etag,
                handlers = version.Content.Handlers,
                last_deployed_from = script.LastDeployedFrom,
            },
            script_runtime = new
            {
                compatibility_date = version.Content.CompatibilityDate,
                compatibility_flags = version.Content.CompatibilityFlags,
                usage_model = version.Content.UsageModel,
                limits = version.Content.CpuMs is { } cpu ? new { cpu_ms = cpu } : null,
            },
            bindings = version.Content.Bindings.Select(BindingSet.Public).ToList(),
        },
        startup_time_ms = 0,
    };

    public static object Deployment(Deployment deployment) => new
    {
        id = deployment.Id,
        created_on = deployment.CreatedOn,
        source = deployment.Source,
        strategy = deployment.Strategy,
        author_email = deployment.AuthorEmail,
        versions = deployment.Versions.Select(v => new { version_id = v.VersionId, percentage = v.Percentage }).ToList(),
        annotations = deployment.Annotations,
    };

    private static string? PlacementMode(JsonElement? placement) =>
        placement is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String
            ? mode.GetString()
            : null;
}
