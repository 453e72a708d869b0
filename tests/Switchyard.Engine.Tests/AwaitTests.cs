namespace Switchyard.Engine.Tests;

/// <summary>
/// <see cref="JsContext.AwaitAsync"/>: the host awaiting a JS promise. Each context's await helper is made before any
/// of its own code runs, so code that replaces <c>Promise.prototype.then</c> or <c>Reflect.apply</c> afterwards
/// neither breaks nor sees the host's awaits.
/// </summary>
public class AwaitTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable());

    [Fact]
    public async Task Awaits_settle_with_each_promises_outcome_after_then_and_apply_are_replaced()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        var (fulfilled, later, rejection, calls) = await context.RunAsync(async c =>
        {
            c.Evaluate("""
                globalThis.calls = 0;
                Promise.prototype.then = function () { calls++; throw new Error("replaced then"); };
                Reflect.apply = function () { calls++; throw new Error("replaced apply"); };
                globalThis.pending = new Promise((resolve) => { globalThis.resolvePending = resolve; });
                """);
            double fulfilled = (await c.AwaitAsync(c.Evaluate("Promise.resolve(42)"))).AsNumber();

            Task<JsValue> waiting = c.AwaitAsync(c.Evaluate("pending"));
            c.Evaluate("resolvePending('later')");
            string later = (await waiting).AsString();

            var rejected = await Assert.ThrowsAsync<JsException>(() => c.AwaitAsync(c.Evaluate("Promise.reject(new RangeError('no'))")));
            return (fulfilled, later, rejected.Message, c.Evaluate("calls").AsNumber());
        });

        Assert.Equal(42, fulfilled);
        Assert.Equal("later", later);
        Assert.Contains("no", rejection);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Awaiting_a_value_that_is_not_a_promise_fails()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        // Checked when the await is set up, before any task exists: a thenable is not a promise.
        var error = await context.RunAsync(c => Assert.Throws<JsException>(() => { _ = c.AwaitAsync(c.Evaluate("({ then() {} })")); }));

        Assert.Contains("not a promise", error.Message);
    }
}
