namespace Switchyard.Engine.Tests;

public class HostFunctionTests
{
    [Fact]
    public void Sync_host_function_receives_arguments_and_returns_a_value()
    {
        var table = new HostFunctionTable().Add("add", (_, args) => args[0].AsNumber() + args[1].AsNumber());
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();

        double sum = isolate.Run(() => context.Evaluate("add(2, 3) * 10").AsNumber());

        Assert.Equal(50, sum);
    }

    [Fact]
    public void Host_function_exception_becomes_a_catchable_js_error()
    {
        var table = new HostFunctionTable().Add("fail", (_, _) => throw new InvalidOperationException("nope"));
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();

        string message = isolate.Run(() => context.Evaluate("try { fail(); 'no' } catch (e) { e.message }").AsString());

        Assert.Equal("nope", message);
    }

    [Fact]
    public async Task Async_host_function_resolved_from_another_thread_resumes_the_script()
    {
        int callingThread = 0, resolvingThread = 0;
        var table = new HostFunctionTable().AddAsync("later", async (_, args) =>
        {
            callingThread = Environment.CurrentManagedThreadId;
            string text = args[0].AsString();
            await Task.Delay(20).ConfigureAwait(false);
            resolvingThread = Environment.CurrentManagedThreadId;
            return text + " resolved";
        });
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();

        JsValue result = await context.RunAsync(c =>
        {
            JsValue run = c.Evaluate("(async (x) => (await later(x)) + '!')");
            return c.CallAsync(run, JsValue.Undefined, "job").AsTask();
        });

        Assert.Equal("job resolved!", result.AsString());
        Assert.NotEqual(0, callingThread);
        Assert.NotEqual(0, resolvingThread);
    }

    [Theory]
    [InlineData(false, "host,micro")]
    [InlineData(true, "micro,host")]
    public async Task A_completed_async_call_settles_at_once_unless_asked_to_settle_in_a_later_task(bool later, string order)
    {
        // A task already complete when the function returns: its promise's reactions run before a microtask queued
        // after the call, unless the function settles in a later task (as timers must).
        var table = new HostFunctionTable().AddAsync("done", (_, _) => Task.FromResult(JsValue.True), settleInLaterTask: later);
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();

        JsValue result = await context.RunAsync(c => c.CallAsync(c.Evaluate("""
            (async () => {
              const order = [];
              const settled = done().then(() => order.push("host"));
              Promise.resolve().then(() => order.push("micro"));
              await settled;
              await Promise.resolve();
              return order.join(",");
            })
            """), JsValue.Undefined).AsTask());

        Assert.Equal(order, result.AsString());
    }

    [Fact]
    public async Task Async_host_function_failure_rejects_the_promise()
    {
        var table = new HostFunctionTable().AddAsync("boom", async (_, _) =>
        {
            await Task.Yield();
            throw new IOException("disk on fire");
        });
        using var isolate = new JsIsolate(JsRuntimeImage.Create(table));
        JsContext context = isolate.CreateContext();

        JsValue result = await context.RunAsync(c =>
            c.CallAsync(c.Evaluate("(async () => { try { await boom(); } catch (e) { return 'caught ' + e.message; } })"), JsValue.Undefined).AsTask());

        Assert.Equal("caught disk on fire", result.AsString());
    }

    [Fact]
    public async Task Work_posted_from_many_threads_runs_serially_in_the_isolate()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create());
        JsContext context = isolate.CreateContext();
        await context.RunAsync(c => c.Evaluate("globalThis.n = 0"));

        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++) await context.RunAsync(c => c.Evaluate("n = n + 1"));
        }));
        await Task.WhenAll(tasks);

        Assert.Equal(800, await context.RunAsync(c => c.Evaluate("n").AsNumber()));
    }
}
