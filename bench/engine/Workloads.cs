using Switchyard.Engine;
using Switchyard.Engine.Modules;

namespace Switchyard.Bench.Engine;

/// <summary>The worker and runtime images the measurements share.</summary>
internal static class Workloads
{
    public const string WorkerSource = """
        import { respond } from "./respond.js";
        export default { async fetch(request) { return respond(request); } };
        """;

    public static readonly ModuleMap Worker = new ModuleMap()
        .Add("worker.js", WorkerSource)
        .Add("respond.js", "export function respond(request) { return request; }");

    public static HostFunctionTable HostFunctions() => new HostFunctionTable()
        .Add("now", (_, _) => Environment.TickCount64);

    /// <summary>A stand-in for the runtime's JS bootstrap: many small classes and functions (~ <paramref name="kilobytes"/> KB).</summary>
    public static string Bootstrap(int kilobytes)
    {
        var code = new System.Text.StringBuilder("globalThis.runtime = {};\n");
        for (int i = 0; code.Length < kilobytes * 1024; i++)
        {
            code.Append($$"""
                runtime.C{{i}} = class C{{i}} {
                  constructor(v) { this.v = v; this.headers = new Map([["k{{i}}", String(v)]]); }
                  get size() { return this.headers.size + {{i}}; }
                  toJSON() { return { v: this.v, n: {{i}}, h: [...this.headers] }; }
                };
                runtime.f{{i}} = function (a, b) { return typeof a === "string" ? a + b : (a | 0) + {{i}}; };

                """);
        }
        return code.ToString();
    }

    /// <summary>Isolate + context + worker module loaded and evaluated; returns the isolate and the fetch handler.</summary>
    public static (JsIsolate Isolate, JsContext Context, JsValue Handler, JsValue Fetch) Start(JsRuntimeImage image)
    {
        var isolate = new JsIsolate(image);
        JsContext context = isolate.CreateContext();
        var (handler, fetch) = LoadWorker(context);
        return (isolate, context, handler, fetch);
    }

    /// <summary>Loads the worker module into the context; returns its default export and that export's fetch.</summary>
    public static (JsValue Handler, JsValue Fetch) LoadWorker(JsContext context) => context.Isolate.Run(() =>
    {
        JsModule module = context.LoadModuleAsync("worker.js", Worker).GetAwaiter().GetResult();
        JsValue handler = module.GetExport("default");
        return (handler, context.Get(handler, "fetch"));
    });
}
