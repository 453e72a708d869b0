using System.Text;
using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Engine.Modules;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// A version's modules as V8 imports them, by normalised path, plus built-ins by exact specifier. Each uploaded kind
/// maps to a module: ES modules as they are, CommonJS wrapped by <see cref="CommonJsModule"/> (default export
/// <c>module.exports</c>, <c>require</c> of other modules and built-ins), text, data, JSON and WebAssembly as a default export. Source maps are never importable. Internal modules (the chunks the
/// built-ins share, set-up code) are resolvable only from built-ins and as entry points the host loads.
/// </summary>
internal sealed class WorkerModules : IModuleResolver
{
    private readonly Dictionary<string, ModuleSource> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSource> _builtins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSource> _internals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleKind> _kinds = new(StringComparer.Ordinal);
    // CommonJS code by module name; its ES modules are made on first import (see CommonJsModule).
    private readonly Dictionary<string, string> _commonJs = new(StringComparer.Ordinal);

    private WorkerModules(string mainSource) => MainSource = mainSource;

    /// <summary>The main module's text (the script itself for service-worker syntax).</summary>
    public string MainSource { get; }

    public static async Task<WorkerModules> LoadAsync(VersionContent content, IBlobStore blobs, CancellationToken ct)
    {
        var parts = new List<(ScriptModule Module, byte[] Bytes)>();
        foreach (ScriptModule module in content.Modules)
        {
            if (module.Kind == ModuleKind.SourceMap) continue;
            byte[] bytes = await blobs.ReadAllAsync(module.BlobKey, ct)
                ?? throw new InvalidOperationException($"The code of module '{module.Name}' is missing from the blob store.");
            parts.Add((module, bytes));
        }
        return FromParts(content, parts);
    }

    /// <summary>The modules of an upload not stored yet (validation): <paramref name="bytes"/> by module name.</summary>
    public static WorkerModules FromBytes(VersionContent content, IReadOnlyDictionary<string, byte[]> bytes) =>
        FromParts(content, [.. content.Modules.Where(m => m.Kind != ModuleKind.SourceMap).Select(m => (m, bytes[m.Name]))]);

    private static WorkerModules FromParts(VersionContent content, List<(ScriptModule Module, byte[] Bytes)> parts)
    {
        string main = content.MainModule ?? throw new InvalidOperationException("The version has no main module.");
        var mainPart = parts.Find(p => p.Module.Name == main);
        if (mainPart.Bytes is null) throw new InvalidOperationException($"The main module '{main}' is not among the version's modules.");
        var modules = new WorkerModules(Encoding.UTF8.GetString(mainPart.Bytes));
        foreach (var (module, bytes) in parts)
        {
            string name = ModulePaths.Normalize(module.Name);
            // The main module of a module worker is an ES module whatever it was uploaded as, other than CommonJS.
            ModuleKind kind = name == ModulePaths.Normalize(main) && module.Kind != ModuleKind.CommonJs ? ModuleKind.EsModule : module.Kind;
            modules._kinds[name] = kind;
            if (kind == ModuleKind.CommonJs) modules._commonJs[name] = Encoding.UTF8.GetString(bytes);
            else modules._modules[name] = ToSource(name, kind, bytes);
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
        if (specifier.StartsWith(CommonJsModule.DefinitionPrefix, StringComparison.Ordinal))
        {
            return CommonJsDefinition(specifier[CommonJsModule.DefinitionPrefix.Length..]);
        }
        string name = ModulePaths.Resolve(specifier, referrer);
        return _commonJs.ContainsKey(name) ? CommonJsFace(name) : _modules.GetValueOrDefault(name);
    }

    private ModuleSource CommonJsFace(string name) => Cached(CommonJsModule.FaceName(name), () => CommonJsModule.Face(name));

    // Made on first import, when the built-ins a require may name have been added.
    private ModuleSource? CommonJsDefinition(string name) => _commonJs.TryGetValue(name, out string? code)
        ? Cached(name, () => CommonJsModule.Definition(name, code, specifier => ResolveRequire(specifier, name)))
        : null;

    private ModuleSource Cached(string name, Func<string> code)
    {
        if (!_modules.TryGetValue(name, out ModuleSource? module)) _modules[name] = module = ModuleSource.JavaScript(name, code());
        return module;
    }

    // Node's lookup for require(): a built-in by its exact name, else the path as given, then with an extension or as
    // a directory's index.
    private CommonJsModule.Dependency? ResolveRequire(string specifier, string referrer)
    {
        if (_builtins.ContainsKey(specifier)) return new(specifier, CommonJsModule.Unwrap.Builtin);
        string path = ModulePaths.Resolve(specifier, referrer);
        foreach (string candidate in (string[])[path, path + ".js", path + ".cjs", path + ".mjs", path + ".json", path + "/index.js"])
        {
            if (!_kinds.TryGetValue(candidate, out ModuleKind kind)) continue;
            // "/" + path is not a built-in's name, so it imports exactly this module.
            if (kind == ModuleKind.CommonJs) return new(CommonJsModule.DefinitionPrefix + candidate, CommonJsModule.Unwrap.CommonJs);
            return new("/" + candidate, kind switch
            {
                ModuleKind.EsModule => CommonJsModule.Unwrap.Namespace,
                _ => CommonJsModule.Unwrap.Default,
            });
        }
        return null;
    }

    private bool IsBuiltinModule(string name) =>
        _internals.ContainsKey(name) || (_builtins.TryGetValue(name, out ModuleSource? module) && module.Name == name);

    private static ModuleSource ToSource(string name, ModuleKind kind, byte[] bytes) => kind switch
    {
        ModuleKind.EsModule => ModuleSource.JavaScript(name, Encoding.UTF8.GetString(bytes)),
        ModuleKind.Text => ModuleSource.JavaScript(name, "export default " + JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes)) + ";"),
        ModuleKind.Json => ModuleSource.Json(name, Encoding.UTF8.GetString(bytes)),
        ModuleKind.Wasm => ModuleSource.Synthetic(name, c => [new("default", CompileWasm(c, bytes))]),
        ModuleKind.Python => throw new InvalidOperationException($"Python module '{name}' is not supported by this runtime."),
        _ => ModuleSource.Synthetic(name, c =>
        {
            JsBuffer buffer = c.NewArrayBuffer(bytes.Length);
            bytes.CopyTo(buffer.Span);
            return [new("default", buffer)];
        }),
    };

    internal static JsValue CompileWasm(JsContext context, byte[] bytes)
    {
        JsBuffer buffer = context.NewUint8Array(bytes);
        JsValue webAssembly = context.Get(context.Global, "WebAssembly");
        JsValue constructor = context.Get(webAssembly, "Module");
        // An uploaded Wasm module part is compiled by the host, whatever the worker's own code may generate.
        bool allowed = context.Isolate.AllowsCodeGeneration;
        context.Isolate.AllowsCodeGeneration = true;
        try
        {
            return context.Construct(constructor, buffer);
        }
        finally
        {
            context.Isolate.AllowsCodeGeneration = allowed;
            buffer.Dispose();
            webAssembly.Release();
            constructor.Release();
        }
    }
}
