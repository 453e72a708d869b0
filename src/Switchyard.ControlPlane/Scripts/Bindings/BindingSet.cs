using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Bindings;

/// <summary>
/// Turns requested bindings into a version's final bindings against the live version, and checks the rules that
/// apply to the final set.
/// </summary>
public static class BindingSet
{
    /// <param name="specs">Requested bindings, in order.</param>
    /// <param name="live">The live version's bindings (empty for a new script).</param>
    /// <param name="keepTypes"><c>keep_bindings</c>: live bindings of these types survive unless redefined.</param>
    /// <param name="strictInherit"><c>bindings_inherit=strict</c>: an <c>inherit</c> of a missing binding is an error, not skipped.</param>
    public static IReadOnlyList<WorkerBinding> Resolve(IReadOnlyList<BindingSpec> specs, IReadOnlyList<WorkerBinding> live,
        IReadOnlyCollection<string> keepTypes, bool strictInherit)
    {
        var result = new List<WorkerBinding>();
        foreach (var spec in specs)
        {
            if (spec.Value is not null) { result.Add(spec.Value); continue; }
            var inherited = live.FirstOrDefault(b => b.Name == spec.InheritFrom);
            if (inherited is not null) result.Add(inherited with { Name = spec.Name });
            else if (strictInherit)
                throw ScriptErrors.Invalid($"Binding '{spec.Name}' inherits '{spec.InheritFrom}', but the live version has no binding of that name");
        }
        var named = result.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        result.AddRange(live.Where(b => keepTypes.Contains(b.Type) && !named.Contains(b.Name)));
        return result;
    }

    /// <summary>
    /// Rules of a complete binding set: variable count, one assets binding, and assets to bind it to; each part binding's
    /// part among the version's <paramref name="modules"/> with the type its binding makes a value of.
    /// </summary>
    public static void Check(IReadOnlyList<WorkerBinding> bindings, bool versionHasAssets, IReadOnlyList<ScriptModule> modules, bool serviceWorker)
    {
        CheckParts(bindings, modules, serviceWorker);
        var variables = bindings.Count(b => b.IsVariable);
        if (variables > ScriptLimits.MaxVariables)
            throw ScriptErrors.Invalid($"A worker can have at most {ScriptLimits.MaxVariables} environment variables and secrets; this version would have {variables}");
        if (bindings.Count > ScriptLimits.MaxBindings)
            throw ScriptErrors.Invalid($"A worker can have at most {ScriptLimits.MaxBindings} bindings; this version would have {bindings.Count}");
        var assets = bindings.OfType<AssetsBinding>().ToList();
        if (assets.Count > 1) throw ScriptErrors.Invalid($"Only one assets binding is allowed; got {string.Join(", ", assets.Select(a => a.Name))}");
        if (assets.Count == 1 && !versionHasAssets)
            throw ScriptErrors.Invalid($"Binding '{assets[0].Name}' is an assets binding, but this version has no assets (send assets.jwt or keep_assets)");
    }

    /// <summary>Each wasm_module, text_blob and data_blob binding names a part of <paramref name="modules"/> of its type.</summary>
    public static void CheckParts(IEnumerable<WorkerBinding> bindings, IReadOnlyList<ScriptModule> modules, bool serviceWorker)
    {
        foreach (var binding in bindings.OfType<PartBinding>()) CheckPart(binding, modules, serviceWorker);
    }

    private static void CheckPart(PartBinding binding, IReadOnlyList<ScriptModule> modules, bool serviceWorker)
    {
        if (binding is WasmModuleBinding && !serviceWorker)
            throw ScriptErrors.Invalid($"Binding '{binding.Name}' is a wasm_module binding, which only a service-worker script (body_part) "
                + "can have; an ES module worker imports its .wasm module instead");
        var module = modules.FirstOrDefault(m => m.Name == binding.Part)
            ?? throw ScriptErrors.Invalid($"Binding '{binding.Name}' names the part '{binding.Part}', which this version does not have; "
                + $"upload it as a part named '{binding.Part}'");
        var (kind, contentType) = binding switch
        {
            WasmModuleBinding => (ModuleKind.Wasm, "application/wasm"),
            TextBlobBinding => (ModuleKind.Text, "text/plain"),
            _ => (ModuleKind.Data, "application/octet-stream"),
        };
        if (module.Kind != kind)
            throw ScriptErrors.Invalid($"Binding '{binding.Name}' ({binding.Type}) needs its part '{binding.Part}' to be {contentType}, not '{module.ContentType}'");
    }

    /// <summary>A binding as the API shows it: secret values are never returned.</summary>
    public static JsonNode Public(WorkerBinding binding)
    {
        var node = JsonSerializer.SerializeToNode(binding, ApiJson.Options)!.AsObject();
        if (binding is SecretTextBinding) node.Remove("text");
        return node;
    }
}
