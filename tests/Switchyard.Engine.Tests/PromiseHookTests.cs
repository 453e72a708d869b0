namespace Switchyard.Engine.Tests;

/// <summary><see cref="JsContext.SetPromiseHooks"/>: V8 calls them for the context's promises, and only its own.</summary>
public class PromiseHookTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable());

    [Fact]
    public async Task Hooks_see_promise_creation_and_every_reaction_around_an_await()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();
        JsContext other = await isolate.CreateContextAsync();

        string log = await context.RunAsync(async c =>
        {
            JsValue hooks = c.Evaluate("""
                globalThis.log = [];
                ({
                  init: () => log.push("init"),
                  before: () => log.push("before"),
                  after: () => log.push("after"),
                })
                """);
            c.SetPromiseHooks(c.Get(hooks, "init"), c.Get(hooks, "before"), c.Get(hooks, "after"), JsValue.Undefined);
            c.Evaluate("log.length = 0;");
            await c.AwaitAsync(c.Evaluate("(async () => { await null; log.push('resumed'); })()"));
            c.SetPromiseHooks(JsValue.Undefined, JsValue.Undefined, JsValue.Undefined, JsValue.Undefined);
            int before = (int)c.Evaluate("log.length").AsNumber();
            await c.AwaitAsync(c.Evaluate("(async () => { await null; })()"));
            Assert.Equal(before, (int)c.Evaluate("log.length").AsNumber());
            return c.Evaluate("log.join(' ')").AsString();
        });
        bool otherUnhooked = await other.RunAsync(async c =>
        {
            c.Evaluate("globalThis.log = [];");
            await c.AwaitAsync(c.Evaluate("Promise.resolve().then(() => 1)"));
            return c.Evaluate("log.length === 0").AsBoolean();
        });

        Assert.Contains("before resumed after", log);
        Assert.StartsWith("init", log);
        Assert.True(otherUnhooked);
    }

    [Fact]
    public async Task A_hook_that_is_not_a_function_is_a_TypeError()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        var error = await Assert.ThrowsAsync<JsException>(() => context.RunAsync(c =>
        {
            c.SetPromiseHooks(c.Evaluate("42"), JsValue.Undefined, JsValue.Undefined, JsValue.Undefined);
            return true;
        }));

        Assert.Equal("TypeError", error.Name);
    }
}
