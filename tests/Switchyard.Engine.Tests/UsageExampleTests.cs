using Switchyard.Engine.Modules;

namespace Switchyard.Engine.Tests;

/// <summary>The API as docs/engine.md shows it, end to end.</summary>
public class UsageExampleTests
{
    [Fact]
    public async Task Worker_fetch_through_a_snapshot_runtime_with_an_async_host_function()
    {
        var hostFunctions = new HostFunctionTable()
            .AddAsync("__kvGet", async (_, args) =>
            {
                string key = args[0].AsString();
                await Task.Delay(5);  // resolved later, on another thread
                return "value of " + key;
            });
        var image = JsRuntimeImage.Create(hostFunctions, """
            const kvGet = __kvGet;
            delete globalThis.__kvGet;
            globalThis.KV = { get: (key) => kvGet(key) };
            """);
        using var isolate = new JsIsolate(image, new JsIsolateOptions { HeapLimitBytes = 64 << 20 });
        JsContext context = await isolate.CreateContextAsync();
        var modules = new ModuleMap()
            .Add("index.js", """
                import { greeting } from "./greeting.js";
                export default {
                  async fetch(request) { return greeting(request.name) + " / " + await KV.get(request.name); }
                };
                """)
            .Add("greeting.js", "export const greeting = (name) => `hello ${name}`;");

        var (handler, fetch) = await context.RunAsync(async c =>
        {
            JsModule worker = await c.LoadModuleAsync("index.js", modules);
            JsValue handler = worker.GetExport("default");  // awaits inside resume on the isolate
            return (handler, c.Get(handler, "fetch"));
        });
        JsValue request = await context.RunAsync(c => c.ParseJson("""{"name":"ada"}"""));

        JsValue response = await context.InvokeAsync(fetch, handler, [request], new JsInvocation(TimeSpan.FromMilliseconds(50)));

        Assert.Equal("hello ada / value of ada", response.AsString());

        // Inside one work item: await the JS promise (settled by the host task on another thread), then go on.
        string both = await context.RunAsync(async c =>
        {
            JsValue first = await c.CallAsync(fetch, handler, request);
            JsValue again = await c.CallAsync(fetch, handler, request);
            return first.AsString() + " | " + again.AsString();
        });
        Assert.Equal("hello ada / value of ada | hello ada / value of ada", both);
    }
}
