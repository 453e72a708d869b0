using Switchyard.Engine.Interop;
using Switchyard.Engine.Modules;

namespace Switchyard.Engine;

// ES modules: the whole import graph is resolved and compiled up front, then linked by V8 through the links
// recorded here, so the shim's resolve callback is a dictionary lookup.
public sealed unsafe partial class JsContext
{
    private readonly Dictionary<string, int> _modulesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Referrer, string Specifier), int> _links = [];

    /// <summary>
    /// Loads <paramref name="specifier"/> and everything it imports through <paramref name="resolver"/>, then
    /// evaluates it. Completes when top-level await (if any) settles. Runs inside the isolate.
    /// </summary>
    /// <param name="settleInTurn">
    /// The evaluation must settle within this turn (its microtasks included), or the load fails with
    /// <see cref="UnsettledTopLevelAwaitMessage"/>: for code that can start no I/O, whose pending top-level await
    /// could otherwise never settle and would hang every request waiting for the module.
    /// </param>
    public Task<JsModule> LoadModuleAsync(string specifier, IModuleResolver resolver, bool settleInTurn = false)
    {
        Enter();
        ModuleSource root = Resolve(specifier, null, resolver);
        int id = LoadGraph(root, resolver);
        Isolate.Check(NativeMethods.ModuleInstantiate(Isolate.Native, Id, id));
        SyValue result;
        Isolate.Check(NativeMethods.ModuleEvaluate(Isolate.Native, Id, id, &result));
        JsValue completion = Isolate.Marshaller.FromNative(result);
        if (completion.Kind != JsValueKind.Promise) return Task.FromResult(new JsModule(this, root.Name, completion));
        Task<JsValue> settled = AwaitAndRelease(completion.AsHandle());  // settles now if the evaluation already has
        if (settleInTurn && !settled.IsCompleted) throw new JsException("Error", UnsettledTopLevelAwaitMessage);
        return settled
            .ContinueWith(evaluated =>
            {
                evaluated.GetAwaiter().GetResult();
                return Isolate.RunAsync(() => new JsModule(this, root.Name, Namespace(id)));
            }, TaskScheduler.Default)
            .Unwrap();
    }

    /// <summary>What a load with <c>settleInTurn</c> fails with when top-level await is still pending.</summary>
    public const string UnsettledTopLevelAwaitMessage =
        "The module's top-level await never settles: it waits on a promise that nothing in global scope can resolve.";

    internal int ResolveLink(int referrer, string specifier) => _links.GetValueOrDefault((referrer, specifier), -1);

    private int LoadGraph(ModuleSource source, IModuleResolver resolver)
    {
        if (_modulesByName.TryGetValue(source.Name, out int id)) return id;
        id = Compile(source);
        _modulesByName.Add(source.Name, id);
        if (source.Kind != ModuleSourceKind.JavaScript) return id;
        int count = NativeMethods.ModuleRequestCount(Isolate.Native, id);
        for (int i = 0; i < count; i++)
        {
            SyValue request;
            NativeMethods.ModuleRequest(Isolate.Native, Id, id, i, &request);
            string specifier = new((char*)request.Pointer, 0, (int)request.Length);
            _links[(id, specifier)] = LoadGraph(Resolve(specifier, source.Name, resolver), resolver);
        }
        return id;
    }

    private static ModuleSource Resolve(string specifier, string? referrer, IModuleResolver resolver) =>
        // workerd's text, which Cloudflare's upload errors quote.
        resolver.Resolve(specifier, referrer) ?? throw new JsException("Error",
            referrer is null ? $"No such module \"{specifier}\"." : $"No such module \"{specifier}\".\n  imported from \"{referrer}\"");

    private int Compile(ModuleSource source)
    {
        int id;
        switch (source.Kind)
        {
            case ModuleSourceKind.JavaScript:
                fixed (char* name = source.Name)
                fixed (char* code = source.Code)
                {
                    Isolate.Check(NativeMethods.ModuleCompile(Isolate.Native, Id, name, source.Name.Length, code, source.Code.Length, &id));
                }
                return id;
            case ModuleSourceKind.Json:
                JsValue value = ParseJson(source.Code);
                try
                {
                    return CompileSynthetic(source.Name, [new("default", value)]);
                }
                finally
                {
                    value.Release();
                }
            default:
                return CompileSynthetic(source.Name, source.Exports?.Invoke(this) ?? []);
        }
    }

    private int CompileSynthetic(string moduleName, IReadOnlyList<KeyValuePair<string, JsValue>> exports)
    {
        var values = new JsValue[exports.Count * 2];
        for (int i = 0; i < exports.Count; i++)
        {
            values[i] = exports[i].Key;
            values[exports.Count + i] = exports[i].Value;
        }
        SyValue* native = stackalloc SyValue[values.Length];
        Isolate.Marshaller.ToNative(values, native);
        int id;
        fixed (char* name = moduleName)
        {
            Isolate.Check(NativeMethods.ModuleSynthetic(Isolate.Native, Id, name, moduleName.Length, native,
                native + exports.Count, exports.Count, &id));
        }
        return id;
    }

    private JsValue Namespace(int module)
    {
        Enter();
        SyValue result;
        Isolate.Check(NativeMethods.ModuleNamespace(Isolate.Native, Id, module, &result));
        return Isolate.Marshaller.FromNative(result);
    }
}
