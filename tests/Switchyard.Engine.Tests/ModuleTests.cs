using Switchyard.Engine.Modules;

namespace Switchyard.Engine.Tests;

public class ModuleTests
{
    [Fact]
    public async Task Top_level_await_completes_before_the_module_is_returned()
    {
        var table = new HostFunctionTable().AddAsync("config", async (_, _) =>
        {
            await Task.Delay(10);
            return "loaded";
        });
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();
        var modules = new ModuleMap().Add("main.js", "export const value = await config();");

        string value = await context.RunAsync(async c =>
            (await c.LoadModuleAsync("main.js", modules)).GetExport("value").AsString());

        Assert.Equal("loaded", value);
    }

    [Fact]
    public async Task Loads_an_import_graph_with_builtin_json_and_synthetic_modules()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();
        var modules = new ModuleMap()
            .Add("src/index.js", """
                import { greet } from "./lib/greet.js";
                import config from "../config.json";
                import { Buffer } from "node:buffer";
                import { env } from "cloudflare:workers";
                export default { fetch(name) { return greet(name) + config.suffix + Buffer.tag + env.answer; } };
                """)
            .Add("src/lib/greet.js", """export function greet(n) { return "hello " + n; }""")
            .Add("config.json", """{ "suffix": "!" }""")
            .AddBuiltin(ModuleSource.JavaScript("node:buffer", "export const Buffer = { tag: '#' };"))
            .AddBuiltin(ModuleSource.Synthetic("cloudflare:workers", c => [new("env", c.ParseJson("""{"answer":42}"""))]));

        string result = await context.RunAsync(async c =>
        {
            JsModule module = await c.LoadModuleAsync("src/index.js", modules);
            JsValue handler = module.GetExport("default");
            return c.Call(c.Get(handler, "fetch"), handler, "bob").AsString();
        });

        Assert.Equal("hello bob!#42", result);
    }
}
