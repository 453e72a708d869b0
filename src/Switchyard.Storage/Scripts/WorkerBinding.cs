using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Storage.Scripts;

/// <summary>
/// One binding of a worker version, as the worker's <c>env.NAME</c> sees it. Serialized in Cloudflare's wire shape
/// (<c>{"type":"plain_text","name":..,"text":..}</c>) with snake_case property names; secret values are stored
/// here too, so API responses must strip <see cref="SecretTextBinding.Text"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PlainTextBinding), BindingTypes.PlainText)]
[JsonDerivedType(typeof(SecretTextBinding), BindingTypes.SecretText)]
[JsonDerivedType(typeof(JsonBinding), BindingTypes.Json)]
[JsonDerivedType(typeof(KvNamespaceBinding), BindingTypes.KvNamespace)]
[JsonDerivedType(typeof(AssetsBinding), BindingTypes.Assets)]
[JsonDerivedType(typeof(ServiceBinding), BindingTypes.Service)]
[JsonDerivedType(typeof(DispatchNamespaceBinding), BindingTypes.DispatchNamespace)]
[JsonDerivedType(typeof(WasmModuleBinding), BindingTypes.WasmModule)]
[JsonDerivedType(typeof(TextBlobBinding), BindingTypes.TextBlob)]
[JsonDerivedType(typeof(DataBlobBinding), BindingTypes.DataBlob)]
[JsonDerivedType(typeof(VersionMetadataBinding), BindingTypes.VersionMetadata)]
[JsonDerivedType(typeof(RateLimitBinding), BindingTypes.RateLimit)]
public abstract record WorkerBinding([property: JsonPropertyOrder(-1)] string Name)
{
    [JsonIgnore]
    public string Type => this switch
    {
        PlainTextBinding => BindingTypes.PlainText,
        SecretTextBinding => BindingTypes.SecretText,
        JsonBinding => BindingTypes.Json,
        KvNamespaceBinding => BindingTypes.KvNamespace,
        AssetsBinding => BindingTypes.Assets,
        ServiceBinding => BindingTypes.Service,
        DispatchNamespaceBinding => BindingTypes.DispatchNamespace,
        WasmModuleBinding => BindingTypes.WasmModule,
        TextBlobBinding => BindingTypes.TextBlob,
        DataBlobBinding => BindingTypes.DataBlob,
        VersionMetadataBinding => BindingTypes.VersionMetadata,
        RateLimitBinding => BindingTypes.RateLimit,
        _ => throw new InvalidOperationException($"unknown binding {GetType().Name}"),
    };

    /// <summary>Environment variables (text, secrets, JSON) count against the per-worker variable limits.</summary>
    [JsonIgnore]
    public bool IsVariable => this is PlainTextBinding or SecretTextBinding or JsonBinding;
}

/// <summary>A string variable.</summary>
public sealed record PlainTextBinding(string Name, string Text) : WorkerBinding(Name);

/// <summary>A string variable whose value the API never returns.</summary>
public sealed record SecretTextBinding(string Name, string Text) : WorkerBinding(Name);

/// <summary>A JSON value, exposed to the worker already parsed.</summary>
public sealed record JsonBinding(string Name, JsonElement Json) : WorkerBinding(Name);

/// <summary>A KV namespace of the same account, by its 32-hex id.</summary>
public sealed record KvNamespaceBinding(string Name, string NamespaceId) : WorkerBinding(Name);

/// <summary>The version's static assets as a fetcher (<c>env.ASSETS.fetch</c>).</summary>
public sealed record AssetsBinding(string Name) : WorkerBinding(Name);

/// <summary>
/// Another account-level worker of the same account, optionally one of its named entrypoints; <see cref="Props"/> (a JSON
/// object, or null) reaches that entrypoint as <c>this.ctx.props</c>.
/// </summary>
public sealed record ServiceBinding(string Name, string Service, string? Environment, string? Entrypoint, JsonElement? Props = null)
    : WorkerBinding(Name);

/// <summary>A dispatcher's handle on a dispatch namespace of the same account, with an optional outbound worker.</summary>
public sealed record DispatchNamespaceBinding(string Name, string Namespace, DispatchOutbound? Outbound) : WorkerBinding(Name);

/// <summary>The worker that receives every <c>fetch()</c> a user worker makes, and the parameters passed to it.</summary>
public sealed record DispatchOutbound(OutboundWorker Worker, IReadOnlyList<OutboundParam>? Params);

public sealed record OutboundWorker(string Service, string? Environment);

public sealed record OutboundParam(string Name);

/// <summary>The running version's id, tag and creation time (<c>{id, tag, timestamp}</c>), as Cloudflare's version metadata binding.</summary>
public sealed record VersionMetadataBinding(string Name) : WorkerBinding(Name);

/// <summary>
/// Cloudflare's Rate Limiting binding: <c>limit({key})</c> succeeds for at most <see cref="RateLimitSimple.Limit"/>
/// calls per key in each <see cref="RateLimitSimple.Period"/> seconds, the count shared by every binding of the account
/// with the same <see cref="NamespaceId"/> (a positive integer, as a string), and kept per node as Cloudflare keeps it
/// per location.
/// </summary>
public sealed record RateLimitBinding(string Name, string NamespaceId, RateLimitSimple Simple) : WorkerBinding(Name);

/// <summary>A rate limit's calls per period; the period is 10 or 60 seconds.</summary>
public sealed record RateLimitSimple(int Limit, int Period);

/// <summary>
/// A service-worker script's global made from one of its version's parts (named by <see cref="Part"/>): the
/// pre-modules way to ship WebAssembly, text and data with a script, which wrangler still uses for service workers.
/// </summary>
public abstract record PartBinding(string Name, string Part) : WorkerBinding(Name);

/// <summary>An <c>application/wasm</c> part as a compiled <c>WebAssembly.Module</c>.</summary>
public sealed record WasmModuleBinding(string Name, string Part) : PartBinding(Name, Part);

/// <summary>A <c>text/plain</c> part as a string.</summary>
public sealed record TextBlobBinding(string Name, string Part) : PartBinding(Name, Part);

/// <summary>An <c>application/octet-stream</c> part as an ArrayBuffer.</summary>
public sealed record DataBlobBinding(string Name, string Part) : PartBinding(Name, Part);

/// <summary>The <c>type</c> names of the bindings Switchyard runs.</summary>
public static class BindingTypes
{
    public const string PlainText = "plain_text";
    public const string SecretText = "secret_text";
    public const string Json = "json";
    public const string KvNamespace = "kv_namespace";
    public const string Assets = "assets";
    public const string Service = "service";
    public const string DispatchNamespace = "dispatch_namespace";
    public const string WasmModule = "wasm_module";
    public const string TextBlob = "text_blob";
    public const string DataBlob = "data_blob";
    public const string VersionMetadata = "version_metadata";
    public const string RateLimit = "ratelimit";
}
