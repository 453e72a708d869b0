using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// A CommonJS module as ES modules. V8 loads modules asynchronously but <c>require</c> is synchronous, so each CommonJS
/// module becomes a <em>definition</em> module, which statically imports everything its code <c>require</c>s by a
/// literal name and exports a <c>load</c> function that runs the code on first call, as Node's <c>require</c> does
/// (so a circular require sees the partial exports, and modules run in Node's order); and a <em>face</em> that ES
/// modules import, whose default export is <c>module.exports</c>. A <c>require</c> of something not written
/// literally, or that names no module, throws when it runs.
/// </summary>
internal static partial class CommonJsModule
{
    /// <summary>The prefix of the specifiers that import a definition module (only these wrappers use them).</summary>
    public const string DefinitionPrefix = "switchyard:commonjs/";

    /// <summary>The definition's export that runs the code (once) and returns its <c>module</c> object.</summary>
    private const string LoadExport = "load";

    /// <summary>The name of the face of CommonJS module <paramref name="name"/>; the definition keeps the module's own
    /// name, so stack traces through its code name the file.</summary>
    public static string FaceName(string name) => name + "?esm";

    /// <summary>What a <c>require</c> of one specifier returns, given the imported module's namespace.</summary>
    public enum Unwrap
    {
        /// <summary>A CommonJS module: its <c>module.exports</c>, read when <c>require</c> runs.</summary>
        CommonJs,
        /// <summary>JSON, text, data and WebAssembly modules: their default export.</summary>
        Default,
        /// <summary>An ES module: its namespace (Node's <c>require(esm)</c>).</summary>
        Namespace,
        /// <summary>A built-in: its default export when it has one (node:events is EventEmitter), else its namespace.</summary>
        Builtin,
    }

    /// <summary>A required module: the specifier to import it by and how to unwrap it.</summary>
    public readonly record struct Dependency(string ImportSpecifier, Unwrap Unwrap);

    /// <summary>The ES module that ES modules import for CommonJS module <paramref name="name"/>.</summary>
    public static string Face(string name) =>
        $"import {{ {LoadExport} }} from {Quote(DefinitionPrefix + name)}; export default {LoadExport}().exports;\n";

    /// <summary>
    /// The definition module for CommonJS <paramref name="code"/> named <paramref name="name"/>; <paramref name="resolve"/>
    /// maps a literal <c>require</c> specifier to the module it names, or null when there is none.
    /// </summary>
    public static string Definition(string name, string code, Func<string, Dependency?> resolve)
    {
        var imports = new StringBuilder();
        var table = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in RequireCall().Matches(code))
        {
            string specifier = match.Groups["specifier"].Value;
            if (!seen.Add(specifier) || resolve(specifier) is not Dependency dependency) continue;
            string binding = "__sy_req" + (seen.Count - 1);
            imports.Append("import * as ").Append(binding).Append(" from ").Append(Quote(dependency.ImportSpecifier)).Append("; ");
            table.Append('[').Append(Quote(specifier)).Append(", () => ").Append(dependency.Unwrap switch
            {
                Unwrap.CommonJs => $"{binding}.{LoadExport}().exports",
                Unwrap.Default => $"{binding}.default",
                Unwrap.Namespace => binding,
                _ => $"(\"default\" in {binding} ? {binding}.default : {binding})",
            }).Append("], ");
        }
        int slash = name.LastIndexOf('/');
        string filename = "/" + name;
        string dirname = slash < 0 ? "/" : "/" + name[..slash];
        // Everything before the code stays on its first line, so stack traces keep the module's own line numbers. Like
        // Node, a module whose code throws is forgotten, so a later require runs it again.
        // `var` and the table built inside load(): load may run before this module's own evaluation in a cycle.
        return imports +
            $"var __sy_module; export function {LoadExport}() {{ if (__sy_module !== undefined) return __sy_module; " +
            $"const module = __sy_module = {{ exports: {{}} }}; const required = new Map([{table}]); " +
            "function require(id) { const get = required.get(id); " +
            "if (get === undefined) throw Object.assign(new Error(`No such module \"${id}\" (require() finds modules named by a string literal in the code).`), { code: \"MODULE_NOT_FOUND\" }); return get(); } " +
            $"try {{ (function (module, exports, require, __filename, __dirname) {{{code}\n}}).call(module.exports, module, module.exports, require, " +
            $"{Quote(filename)}, {Quote(dirname)});\n" +
            "} catch (error) { __sy_module = undefined; throw error; } return module; }\n";
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    // require("x") or require('x') as a call of its own, not a method (`loader.require("x")`) or part of a name.
    [GeneratedRegex("""(?<![\w$.])require\s*\(\s*(?<quote>["'])(?<specifier>[^"'\r\n]+)\k<quote>\s*\)""")]
    private static partial Regex RequireCall();
}
