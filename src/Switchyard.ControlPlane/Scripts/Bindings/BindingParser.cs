using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Bindings;

/// <summary>Validates the <c>bindings</c> array of an upload or settings change into typed <see cref="BindingSpec"/>s.</summary>
public static partial class BindingParser
{
    public static readonly IReadOnlyList<string> SupportedTypes =
    [
        BindingTypes.PlainText, BindingTypes.SecretText, BindingTypes.Json, BindingTypes.KvNamespace, BindingTypes.Assets,
        BindingTypes.Service, BindingTypes.DispatchNamespace, BindingTypes.WasmModule, BindingTypes.TextBlob,
        BindingTypes.DataBlob, BindingTypes.VersionMetadata, BindingTypes.RateLimit, BindingSpec.InheritType,
    ];

    public static IReadOnlyList<BindingSpec> Parse(JsonArray? bindings)
    {
        if (bindings is null) return [];
        if (bindings.Count > ScriptLimits.MaxBindings)
            throw ScriptErrors.Invalid($"A worker can have at most {ScriptLimits.MaxBindings} bindings; got {bindings.Count}");
        var specs = new List<BindingSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bindings.Count; i++)
        {
            if (bindings[i] is not JsonObject binding) throw ScriptErrors.Invalid($"bindings[{i}] must be an object");
            var spec = ParseOne(binding, i);
            if (!names.Add(spec.Name)) throw ScriptErrors.Invalid($"Binding name '{spec.Name}' is used by more than one binding");
            specs.Add(spec);
        }
        return specs;
    }

    private static BindingSpec ParseOne(JsonObject binding, int index)
    {
        var f = new JsonFields(binding, $"bindings[{index}]");
        var name = f.String("name") ?? throw ScriptErrors.Invalid($"bindings[{index}] has no 'name'");
        if (NameProblem(name) is { } problem) throw ScriptErrors.Invalid(problem);
        var type = f.String("type") ?? throw ScriptErrors.Invalid($"Binding '{name}' has no 'type'");
        f = new JsonFields(binding, $"binding '{name}'");
        if (type == BindingSpec.InheritType) return new BindingSpec(name, null, f.String("old_name") ?? name);

        WorkerBinding value = type switch
        {
            BindingTypes.PlainText => new PlainTextBinding(name, Variable(name, Required(f, "text"))),
            BindingTypes.SecretText => new SecretTextBinding(name, Variable(name, Required(f, "text"))),
            BindingTypes.Json => new JsonBinding(name, JsonValue(f, name)),
            BindingTypes.KvNamespace => new KvNamespaceBinding(name, KvId(f)),
            BindingTypes.Assets => new AssetsBinding(name),
            BindingTypes.Service => new ServiceBinding(name, WorkerName(f, "service"), OptionalName(f, "environment"), Entrypoint(f), Props(f, name)),
            BindingTypes.DispatchNamespace => new DispatchNamespaceBinding(name, NamespaceName(f), Outbound(f)),
            BindingTypes.WasmModule => new WasmModuleBinding(name, Part(f)),
            BindingTypes.TextBlob => new TextBlobBinding(name, Part(f)),
            BindingTypes.DataBlob => new DataBlobBinding(name, Part(f)),
            BindingTypes.VersionMetadata => new VersionMetadataBinding(name),
            BindingTypes.RateLimit => new RateLimitBinding(name, RateLimitNamespace(f), RateLimitSimple(f)),
            _ => throw ScriptErrors.Invalid($"Binding '{name}' has the unsupported type '{type}'; supported types: {string.Join(", ", SupportedTypes)}"),
        };
        return new BindingSpec(name, value, null);
    }

    /// <summary>Binding names become <c>env</c> keys: 1-256 characters, no control characters.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length is 0 or > 256) return $"Binding name '{name}' must be 1-256 characters";
        if (name.Any(char.IsControl)) return $"Binding name '{name}' must not contain control characters";
        return null;
    }

    /// <summary>Variables (text, secrets, JSON) are at most 5 KiB each.</summary>
    public static string Variable(string name, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > ScriptLimits.MaxVariableBytes)
            throw ScriptErrors.Invalid($"The value of binding '{name}' is larger than {ScriptLimits.MaxVariableBytes} bytes");
        return value;
    }

    private static string Required(JsonFields f, string key) =>
        f.String(key) ?? throw ScriptErrors.Invalid($"{f.Path(key)} is required");

    private static JsonElement JsonValue(JsonFields f, string name)
    {
        var element = f.Element("json") ?? throw ScriptErrors.Invalid($"{f.Path("json")} is required");
        Variable(name, element.GetRawText());
        return element;
    }

    /// <summary>The form part a wasm_module, text_blob or data_blob binding names; it becomes a module of that name.</summary>
    private static string Part(JsonFields f)
    {
        var part = Required(f, "part");
        if (UploadedCode.ModuleNameProblem(part) is { } problem) throw ScriptErrors.Invalid($"{f.Path("part")}: {problem}");
        return part;
    }

    /// <summary>A rate limit's <c>namespace_id</c>: a positive integer, sent as a string (wrangler) or a number.</summary>
    private static string RateLimitNamespace(JsonFields f)
    {
        var id = f.Element("namespace_id") is { ValueKind: JsonValueKind.Number } number ? number.GetRawText() : Required(f, "namespace_id");
        if (!PositiveInteger().IsMatch(id)) throw ScriptErrors.Invalid($"{f.Path("namespace_id")} '{id}' must be a positive integer");
        return id;
    }

    private static RateLimitSimple RateLimitSimple(JsonFields f)
    {
        var simple = f.Object("simple") ?? throw ScriptErrors.Invalid($"{f.Path("simple")} is required: {{\"limit\": calls, \"period\": 10 or 60}}");
        var s = new JsonFields(simple, f.Path("simple"));
        int limit = s.Int("limit", 1, int.MaxValue) ?? throw ScriptErrors.Invalid($"{s.Path("limit")} is required");
        int period = s.Int("period", 1, 60) ?? throw ScriptErrors.Invalid($"{s.Path("period")} is required");
        if (period is not (10 or 60)) throw ScriptErrors.Invalid($"{s.Path("period")} must be 10 or 60 (seconds); got {period}");
        return new RateLimitSimple(limit, period);
    }

    private static string KvId(JsonFields f)
    {
        var id = Required(f, "namespace_id");
        if (!HexId().IsMatch(id)) throw ScriptErrors.Invalid($"{f.Path("namespace_id")} '{id}' must be 32 lower-case hex characters");
        return id;
    }

    private static string WorkerName(JsonFields f, string key)
    {
        var name = Required(f, key);
        if (!ScriptNames.IsValid(name)) throw ScriptErrors.Invalid($"{f.Path(key)} '{name}' is not a worker name: use {ScriptNames.Rule}");
        return name;
    }

    private static string NamespaceName(JsonFields f)
    {
        var name = Required(f, "namespace");
        if (!ScriptNames.IsValid(name)) throw ScriptErrors.Invalid($"{f.Path("namespace")} '{name}' is not a dispatch namespace name: use {ScriptNames.Rule}");
        return name;
    }

    private static string? OptionalName(JsonFields f, string key)
    {
        var name = f.String(key);
        if (name is not null && !ScriptNames.IsValid(name)) throw ScriptErrors.Invalid($"{f.Path(key)} '{name}' is not a valid environment name");
        return name;
    }

    /// <summary><c>props</c> of a service binding: any JSON object, passed through unchanged (at most a variable's size).</summary>
    private static JsonElement? Props(JsonFields f, string name)
    {
        if (f.Element("props") is not { } props || props.ValueKind == JsonValueKind.Null) return null;
        if (props.ValueKind != JsonValueKind.Object) throw ScriptErrors.Invalid($"{f.Path("props")} must be a JSON object");
        Variable(name, props.GetRawText());
        return props;
    }

    private static string? Entrypoint(JsonFields f)
    {
        var entrypoint = f.String("entrypoint");
        if (entrypoint is not null && !Identifier().IsMatch(entrypoint))
            throw ScriptErrors.Invalid($"{f.Path("entrypoint")} '{entrypoint}' must be a JavaScript identifier (a named export)");
        return entrypoint;
    }

    private static DispatchOutbound? Outbound(JsonFields f)
    {
        var outbound = f.Object("outbound");
        if (outbound is null) return null;
        var o = new JsonFields(outbound, f.Path("outbound"));
        var worker = o.Object("worker") ?? throw ScriptErrors.Invalid($"{o.Path("worker")} is required");
        var w = new JsonFields(worker, o.Path("worker"));
        var parameters = o.Array("params");
        List<OutboundParam>? list = null;
        if (parameters is not null)
        {
            list = [];
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] is not JsonObject p) throw ScriptErrors.Invalid($"{o.Path("params")}[{i}] must be an object with a 'name'");
                var paramName = new JsonFields(p, $"{o.Path("params")}[{i}]").String("name");
                if (string.IsNullOrEmpty(paramName) || NameProblem(paramName) is not null)
                    throw ScriptErrors.Invalid($"{o.Path("params")}[{i}].name must be a non-empty name");
                if (list.Any(x => x.Name == paramName)) throw ScriptErrors.Invalid($"{o.Path("params")} names '{paramName}' twice");
                list.Add(new OutboundParam(paramName));
            }
        }
        return new DispatchOutbound(new OutboundWorker(WorkerName(w, "service"), OptionalName(w, "environment")), list);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    [GeneratedRegex("^[1-9][0-9]{0,17}$")]
    private static partial Regex PositiveInteger();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}
