using System.Reflection;
using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Engine.Modules;
using Switchyard.Runtime.Workers;

namespace Switchyard.Runtime.Image;

/// <summary>
/// The Node.js built-in modules (<c>node:events</c>, <c>node:stream</c>, <c>node:buffer</c>, …) that workers with the
/// <c>nodejs_compat</c> flag can import, as <c>node:x</c> or bare <c>x</c> — what wrangler's unenv "hybrid" preset
/// expects the runtime to provide. Built from <c>js/node/</c> at build time into one ES module per built-in plus the
/// chunks they share; V8 compiles only what a worker imports, so other workers pay nothing.
/// </summary>
internal static class NodeBuiltins
{
    private static readonly Lazy<(IReadOnlyList<(string Specifier, ModuleSource Module)> Public, IReadOnlyList<ModuleSource> Internal, string Setup)> Modules =
        new(Load);

    /// <summary>The internal module the host evaluates before the worker's code: it installs the <c>process</c> and
    /// <c>Buffer</c> globals workerd gives nodejs_compat workers (wrangler's unenv polyfills read them).</summary>
    public static string SetupModule => Modules.Value.Setup;

    /// <summary>Whether a version with these compatibility flags gets the built-ins.</summary>
    public static bool IsEnabled(IReadOnlyList<string> compatibilityFlags) =>
        compatibilityFlags.Contains("nodejs_compat") || compatibilityFlags.Contains("nodejs_compat_v2");

    /// <summary>The internal module through which built-ins reach the host's synchronous primitives (node:crypto's
    /// digests); <c>host-prelude.js</c> leaves them in every context for the host to take.</summary>
    public const string HostModule = "node:internal/host";

    /// <summary>Makes the built-ins importable; <paramref name="nodeHost"/> is the object host-prelude.js left as
    /// <c>__switchyard_node_host</c>, the default export of <see cref="HostModule"/>.</summary>
    public static void AddTo(WorkerModules modules, JsValue nodeHost)
    {
        var (@public, @internal, _) = Modules.Value;
        foreach (var (specifier, module) in @public) modules.AddBuiltin(specifier, module);
        foreach (ModuleSource module in @internal) modules.AddInternal(module);
        modules.AddInternal(ModuleSource.Synthetic(HostModule, _ => [new("default", nodeHost)]));
    }

    private static (IReadOnlyList<(string, ModuleSource)>, IReadOnlyList<ModuleSource>, string) Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Switchyard.Runtime.node-builtins.json")
            ?? throw new InvalidOperationException("The Node.js built-ins are not embedded in the assembly.");
        var manifest = JsonSerializer.Deserialize<Manifest>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException("The embedded Node.js built-ins are empty.");
        var sources = manifest.Modules.ToDictionary(m => m.Key, m => ModuleSource.JavaScript(m.Key, m.Value), StringComparer.Ordinal);
        var @public = new List<(string, ModuleSource)>();
        foreach (var (specifier, name) in manifest.Builtins)
        {
            @public.Add(("node:" + specifier, sources[name]));
            @public.Add((specifier, sources[name]));
        }
        var entryNames = manifest.Builtins.Values.ToHashSet(StringComparer.Ordinal);
        return (@public, [.. sources.Values.Where(m => !entryNames.Contains(m.Name))], manifest.Setup);
    }

    // The shape build.mjs writes: specifier (without "node:") -> module name, the setup module's name, and module
    // name -> ES module source.
    private sealed record Manifest(Dictionary<string, string> Builtins, string Setup, Dictionary<string, string> Modules);
}
