using Switchyard.Engine.Modules;

namespace Switchyard.Engine.Tests;

public class ExceptionTests
{
    [Fact]
    public async Task Error_thrown_in_a_worker_module_has_name_message_and_file_line()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();
        var modules = new ModuleMap().Add("worker.js", """
            export default {
              async fetch(request) {
                throw new TypeError("bad request " + request);
              }
            };
            """);

        var error = await Assert.ThrowsAsync<JsException>(() => context.RunAsync(async c =>
        {
            JsModule module = await c.LoadModuleAsync("worker.js", modules);
            JsValue handler = module.GetExport("default");
            return await c.CallAsync(c.Get(handler, "fetch"), handler, "x");
        }));

        Assert.Equal("TypeError", error.Name);
        Assert.Equal("bad request x", error.JsMessage);
        Assert.Contains("worker.js:3:", error.JsStack);
        Assert.Equal("worker.js", error.Resource);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Syntax_error_and_thrown_primitives_surface_as_JsException()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            var syntax = Assert.Throws<JsException>(() => context.Evaluate("let = ;", "broken.js"));
            Assert.Equal("SyntaxError", syntax.Name);
            Assert.Equal("broken.js", syntax.Resource);

            var primitive = Assert.Throws<JsException>(() => context.Evaluate("throw 'plain'"));
            Assert.Equal("plain", primitive.JsMessage);
            Assert.Equal(2, context.Evaluate("1 + 1").AsNumber());  // still usable
        });
    }

    [Fact]
    public async Task Missing_module_names_the_specifier_and_importer()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();
        var modules = new ModuleMap().Add("main.js", "import './gone.js';");

        var error = await Assert.ThrowsAsync<JsException>(() => context.RunAsync(c => c.LoadModuleAsync("main.js", modules)));

        Assert.Equal("Error: No such module \"./gone.js\".\n  imported from \"main.js\"", error.Message);
    }

    [Fact]
    public async Task Deep_recursion_is_a_catchable_RangeError()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();

        // On a pool thread (differing stacks) and then on this thread.
        string onPool = await context.RunAsync(c => c.Evaluate(
            "function f(n) { return f(n + 1) + 1; } try { f(0) } catch (e) { e.constructor.name }").AsString());
        var uncaught = isolate.Run(() => Assert.Throws<JsException>(() => context.Evaluate("(function g() { g(); })()")));

        Assert.Equal("RangeError", onPool);
        Assert.Equal("RangeError", uncaught.Name);
    }
}
