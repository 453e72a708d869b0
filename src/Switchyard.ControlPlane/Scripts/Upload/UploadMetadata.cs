using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// The <c>metadata</c> of a script upload (contract §4), type-checked. Keys Switchyard does not act on (migrations,
/// exports, containers, cache_options, …) are accepted and ignored; bindings are parsed by <see cref="Bindings.BindingParser"/>.
/// </summary>
public sealed record UploadMetadata
{
    public string? MainModule { get; init; }
    public string? BodyPart { get; init; }
    public JsonArray? Bindings { get; init; }
    public string? CompatibilityDate { get; init; }
    public IReadOnlyList<string>? CompatibilityFlags { get; init; }
    public IReadOnlyList<string> KeepBindings { get; init; } = [];
    public bool KeepAssets { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public bool? Logpush { get; init; }
    public JsonElement? Observability { get; init; }
    public JsonElement? TailConsumers { get; init; }
    public JsonElement? Placement { get; init; }
    public int? CpuMs { get; init; }
    public string? UsageModel { get; init; }
    public string? AssetsJwt { get; init; }
    /// <summary>The validated <c>assets.config</c>, or null when the upload has none.</summary>
    public AssetsConfig? AssetsConfig { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public static readonly IReadOnlyList<string> UsageModels = ["standard", "bundled", "unbound"];

    public ScriptSettingsPatch ScriptSettings => new(Logpush, Observability, TailConsumers, Tags);

    public static UploadMetadata Parse(JsonObject json, TimeProvider clock)
    {
        var f = new JsonFields(json, "metadata");
        var limits = f.Object("limits");
        var assets = f.Object("assets");
        var assetsFields = assets is null ? null : new JsonFields(assets, "metadata.assets");
        var usageModel = f.String("usage_model");
        if (usageModel is not null && !UsageModels.Contains(usageModel))
            throw ScriptErrors.Invalid($"metadata.usage_model must be one of {string.Join(", ", UsageModels)}; got '{usageModel}'");

        return new UploadMetadata
        {
            MainModule = f.String("main_module"),
            BodyPart = f.String("body_part"),
            Bindings = f.Array("bindings"),
            CompatibilityDate = ValidDate(f.String("compatibility_date"), clock),
            CompatibilityFlags = ValidFlags(f.Strings("compatibility_flags")),
            KeepBindings = f.Strings("keep_bindings") ?? [],
            KeepAssets = f.Bool("keep_assets") ?? false,
            Tags = f.Strings("tags") is { } tags ? ScriptNames.RequireValidTags(tags) : null,
            Logpush = f.Bool("logpush"),
            Observability = f.Setting("observability", JsonValueKind.Object),
            TailConsumers = f.Setting("tail_consumers", JsonValueKind.Array),
            Placement = NullIfJsonNull(f.Setting("placement", JsonValueKind.Object)),
            CpuMs = limits is null ? null : new JsonFields(limits, "metadata.limits").Int("cpu_ms", 1, ScriptLimits.MaxCpuMs),
            UsageModel = usageModel,
            AssetsJwt = assetsFields?.String("jwt"),
            AssetsConfig = assetsFields?.Object("config") is { } config ? AssetsConfigParser.Parse(config) : null,
            Annotations = ParseAnnotations(f.Object("annotations")),
        };
    }

    public static string? ValidDate(string? date, TimeProvider clock)
    {
        if (date is null) return null;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw ScriptErrors.Invalid($"compatibility_date '{date}' is not a date in the form YYYY-MM-DD");
        // a day of slack: the client's "today" may already be tomorrow in UTC
        if (day > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1))
            throw ScriptErrors.Invalid($"compatibility_date '{date}' is in the future");
        return date;
    }

    public static IReadOnlyList<string>? ValidFlags(IReadOnlyList<string>? flags)
    {
        if (flags is null) return null;
        foreach (var flag in flags)
            if (flag.Length is 0 or > 128 || !flag.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                throw ScriptErrors.Invalid($"Invalid compatibility flag '{flag}': flags are lower-case letters, digits and '_'");
        return flags.Distinct().ToList();
    }

    /// <summary>Versioned values have no "leave as is": an explicit null is the same as none.</summary>
    public static JsonElement? NullIfJsonNull(JsonElement? element) => element is { ValueKind: JsonValueKind.Null } ? null : element;

    private static Dictionary<string, string> ParseAnnotations(JsonObject? annotations)
    {
        var result = new Dictionary<string, string>();
        if (annotations is null) return result;
        foreach (var (key, value) in annotations)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                throw ScriptErrors.Invalid($"metadata.annotations.{key} must be a string");
            var text = v.GetValue<string>();
            if (text.Length > 1024) throw ScriptErrors.Invalid($"metadata.annotations.{key} is longer than 1024 characters");
            result[key] = text;
        }
        return result;
    }
}
