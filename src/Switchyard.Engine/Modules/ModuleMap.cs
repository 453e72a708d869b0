namespace Switchyard.Engine.Modules;

/// <summary>
/// A worker's modules by path plus the runtime's built-in modules by exact specifier ("node:buffer",
/// "cloudflare:workers"). Relative specifiers ("./a.js", "../b.js") resolve against the importing module's path;
/// ".json" files become JSON modules.
/// </summary>
public sealed class ModuleMap : IModuleResolver
{
    private readonly Dictionary<string, ModuleSource> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSource> _builtins = new(StringComparer.Ordinal);

    /// <summary>Adds a worker module at <paramref name="path"/> (e.g. "src/index.js").</summary>
    public ModuleMap Add(string path, string code)
    {
        string name = ModulePaths.Normalize(path);
        _modules[name] = name.EndsWith(".json", StringComparison.Ordinal) ? ModuleSource.Json(name, code) : ModuleSource.JavaScript(name, code);
        return this;
    }

    /// <summary>Adds a built-in module, imported by its exact specifier.</summary>
    public ModuleMap AddBuiltin(ModuleSource module)
    {
        _builtins[module.Name] = module;
        return this;
    }

    public ModuleSource? Resolve(string specifier, string? referrer)
    {
        if (_builtins.TryGetValue(specifier, out ModuleSource? builtin)) return builtin;
        return _modules.GetValueOrDefault(ModulePaths.Resolve(specifier, referrer));
    }
}
