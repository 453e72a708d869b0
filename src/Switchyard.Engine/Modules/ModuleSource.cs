namespace Switchyard.Engine.Modules;

/// <summary>
/// How the engine makes a module record of a <see cref="ModuleSource"/>. Not an uploaded part's type (Storage's
/// <c>ModuleKind</c>: ES module, CommonJS, text, data, Wasm, …): the runtime turns each of those into one of these.
/// </summary>
public enum ModuleSourceKind
{
    /// <summary>An ES module's source text.</summary>
    JavaScript,
    /// <summary>JSON text, exposed as the module's default export.</summary>
    Json,
    /// <summary>Exports made by C# in the importing context (see <see cref="ModuleSource.Exports"/>).</summary>
    Synthetic,
}

/// <summary>
/// A module as a resolver returns it. <see cref="Name"/> is its canonical name: one module per name and context,
/// and the name stack traces show.
/// </summary>
public sealed record ModuleSource(string Name, ModuleSourceKind Kind, string Code)
{
    /// <summary>For <see cref="ModuleSourceKind.Synthetic"/>: makes the export values inside the context.</summary>
    public Func<JsContext, IReadOnlyList<KeyValuePair<string, JsValue>>>? Exports { get; init; }

    public static ModuleSource JavaScript(string name, string code) => new(name, ModuleSourceKind.JavaScript, code);

    public static ModuleSource Json(string name, string json) => new(name, ModuleSourceKind.Json, json);

    public static ModuleSource Synthetic(string name, Func<JsContext, IReadOnlyList<KeyValuePair<string, JsValue>>> exports) =>
        new(name, ModuleSourceKind.Synthetic, "") { Exports = exports };
}

/// <summary>Finds the module a specifier names.</summary>
public interface IModuleResolver
{
    /// <summary>The module <paramref name="specifier"/> names when imported from <paramref name="referrer"/>
    /// (null for the entry point), or null when there is none.</summary>
    ModuleSource? Resolve(string specifier, string? referrer);
}
