using System.Text;
using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Engine.Modules;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;
using StorageKind = Switchyard.Storage.Scripts.ModuleKind;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// A version's modules as V8 imports them, by normalised path, plus built-ins by exact specifier. Each uploaded kind
/// maps to a module: ES modules as they are, CommonJS wrapped to export <c>module.exports</c> as default, text, data,
/// JSON and WebAssembly as a default export. Source maps are never importable. Internal modules (the chunks the
/// built-ins share, set-up code) are resolvable only from built-ins and as entry points the host loads.
/// </summary>
internal sealed class WorkerModules : IModuleResolver
{
    private readonly Dictionary<string, ModuleSource> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSource> _builtins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSource> _internals = new(StringComparer.Ordinal);

    private WorkerModules(string mainSource) => MainSource = mainSource;

    /// <summary>The main module's text (the script itself for service-worker syntax).</summary>
    public string MainSource { get; }

    public static async Task<WorkerModules> LoadAsync(VersionContent content, IBlobStore blobs, CancellationToken ct)
    {
        string main = content.MainModule ?? throw new InvalidOperationException("The version has no main module.");
        var parts = new List<(ScriptModule Module, byte[] Bytes)>();
        foreach (ScriptModule module in content.Modules)
        {
            if (module.Kind == StorageKind.SourceMap) continue;
            byte[] bytes = await blobs.ReadAllAsync(module.BlobKey, ct)
                ?? throw new InvalidOperationException($"The code of module '{module.Name}' is missing from the blob store.");
            parts.Add((module, bytes));
        }
        var mainPart = parts.Find(p => p.Module.Name == main);
        if (mainPart.Bytes is null) throw new InvalidOperationException($"The main module '{main}' is not among the version's modules.");
        var modules = new WorkerModules(Encoding.UTF8.GetString(mainPart.Bytes));
        foreach (var (module, bytes) in parts)
        {
            string name = ModulePaths.Normalize(module.Name);
            // The main module of a module worker is an ES module whatever it was uploaded as, other than CommonJS.
            StorageKind kind = name == ModulePaths.Normalize(main) && module.Kind != StorageKind.CommonJs ? StorageKind.EsModule : module.Kind;
            modules._modules[name] = ToSource(name, kind, bytes);
        }
        return modules;
    }

    public WorkerModules AddBuiltin(ModuleSource module) => AddBuiltin(module.Name, module);

    /// <summary>Makes <paramref name="specifier"/> import <paramref name="module"/> (one module may have several).</summary>
    public WorkerModules AddBuiltin(string specifier, ModuleSource module)
    {
        _builtins[specifier] = module;
        return this;
    }

    /// <summary>Adds a module that built-ins (or the host) import by its exact name and worker code cannot import.</summary>
    public WorkerModules AddInternal(ModuleSource module)
    {
        _internals[module.Name] = module;
        return this;
    }

    public ModuleSource? Resolve(string specifier, string? referrer)
    {
        if (_builtins.TryGetValue(specifier, out ModuleSource? builtin)) return builtin;
        if ((referrer is null || IsBuiltinModule(referrer)) && _internals.TryGetValue(specifier, out ModuleSource? @internal)) return @internal;
        return _modules.GetValueOrDefault(ModulePaths.Resolve(specifier, referrer));
    }

    private bool IsBuiltinModule(string name) =>
        _internals.ContainsKey(name) || (_builtins.TryGetValue(name, out ModuleSource? module) && module.Name == name);

    private static ModuleSource ToSource(string name, StorageKind kind, byte[] bytes) => kind switch
    {
        StorageKind.EsModule => ModuleSource.JavaScript(name, Encoding.UTF8.GetString(bytes)),
        StorageKind.CommonJs => ModuleSource.JavaScript(name, WrapCommonJs(Encoding.UTF8.GetString(bytes))),
        StorageKind.Text => ModuleSource.JavaScript(name, "export default " + JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes)) + ";"),
        StorageKind.Json => ModuleSource.Json(name, Encoding.UTF8.GetString(bytes)),
        StorageKind.Wasm => ModuleSource.Synthetic(name, c => [new("default", CompileWasm(c, bytes))]),
        StorageKind.Python => throw new InvalidOperationException($"Python module '{name}' is not supported by this runtime."),
        _ => ModuleSource.Synthetic(name, c =>
        {
            JsBuffer buffer = c.NewArrayBuffer(bytes.Length);
            bytes.CopyTo(buffer.Span);
            return [new("default", buffer)];
        }),
    };

    // The wrapper keeps the module's own line numbers (it adds none before the code).
    private static string WrapCommonJs(string code) =>
        "const module = { exports: {} }; (function (module, exports) {" + code + "\n}).call(module.exports, module, module.exports);\n" +
        "export default module.exports;";

    private static JsValue CompileWasm(JsContext context, byte[] bytes)
    {
        JsBuffer buffer = context.NewUint8Array(bytes);
        JsValue webAssembly = context.Get(context.Global, "WebAssembly");
        JsValue constructor = context.Get(webAssembly, "Module");
        try
        {
            return context.Construct(constructor, buffer);
        }
        finally
        {
            buffer.Dispose();
            webAssembly.Release();
            constructor.Release();
        }
    }
}
