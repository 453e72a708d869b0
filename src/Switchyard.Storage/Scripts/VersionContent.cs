using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchyard.Storage.Scripts;

/// <summary>
/// Everything a worker version consists of. Versions are immutable: a change of code, bindings, secrets or
/// versioned settings makes a new version derived with <c>with { ... }</c> from the one before.
/// </summary>
public sealed record VersionContent
{
    /// <summary>The module the runtime starts (ES/CommonJS/Python), the service-worker script, or null for assets only.</summary>
    public string? MainModule { get; init; }

    /// <summary>True when <see cref="MainModule"/> is a service-worker script (uploaded as <c>body_part</c>).</summary>
    public bool ServiceWorker { get; init; }

    /// <summary>All uploaded parts, main module first; includes source maps (kind <see cref="ModuleKind.SourceMap"/>).</summary>
    public IReadOnlyList<ScriptModule> Modules { get; init; } = [];

    public string? CompatibilityDate { get; init; }
    public IReadOnlyList<string> CompatibilityFlags { get; init; } = [];
    public IReadOnlyList<WorkerBinding> Bindings { get; init; } = [];

    /// <summary>Custom CPU limit per request (<c>limits.cpu_ms</c>), or null for the platform default.</summary>
    public int? CpuMs { get; init; }

    /// <summary>Placement settings as given; stored and returned, not acted on.</summary>
    public JsonElement? Placement { get; init; }

    public string UsageModel { get; init; } = "standard";
    public VersionAssets? Assets { get; init; }

    /// <summary>Version annotations such as <c>workers/message</c> and <c>workers/tag</c>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Handler names the main module appears to export (a static scan; see HandlerScan in the control plane).</summary>
    public IReadOnlyList<string> Handlers { get; init; } = [];

    public bool HasModules => Modules.Count > 0;

    /// <summary>Hash of the code (module names, types and contents): equal code gives an equal etag.</summary>
    public string Etag
    {
        get
        {
            var text = new StringBuilder();
            foreach (var m in Modules) text.Append(m.Name).Append('\0').Append(m.ContentType).Append('\0').Append(m.BlobKey).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }
}

/// <summary>A stored version of a script.</summary>
public sealed record ScriptVersion(string Id, string ScriptId, int Number, DateTimeOffset CreatedOn, string Source, VersionContent Content);
