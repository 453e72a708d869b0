namespace Switchyard.Engine.Tests;

[Collection(SerialCollection.Name)]
public class CpuLimitTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(50);

    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable()
        .AddAsync("sleep", async (_, args) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(args[0].AsNumber()));
            return JsValue.Undefined;
        }));

    [Fact]
    public async Task Infinite_loop_stops_just_past_the_budget_and_the_isolate_stays_usable()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        var invocation = new JsInvocation(Budget);

        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.Evaluate("while (true) {}"), invocation));

        Assert.Equal(JsLimitKind.Cpu, error.Kind);
        Assert.True(invocation.CpuExceeded);
        // The watchdog samples thread CPU time; on a loaded machine it may notice the overrun some ms late.
        Assert.InRange(invocation.CpuUsed.TotalMilliseconds, 50, 100);
        Assert.Equal(2, await context.RunAsync(c => c.Evaluate("1 + 1").AsNumber(), new JsInvocation(Budget)));
    }

    [Fact]
    public async Task A_short_budget_armed_while_a_long_one_is_watched_still_stops_at_its_limit()
    {
        var image = JsRuntimeImage.Create(new HostFunctionTable().Add("block", (_, args) =>
        {
            Thread.Sleep((int)args[0].AsNumber());
            return JsValue.Undefined;
        }));
        using var blocked = new JsIsolate(image);
        JsContext blockedContext = blocked.CreateContext();
        await blockedContext.RunAsync(c => c.Evaluate("block(0)"), new JsInvocation(Budget));  // spends the first-call exemption
        // Armed for 10 s and using no CPU: the watchdog's next look is planned seconds away.
        Task longBudget = blockedContext.RunAsync(c => c.Evaluate("block(1500)"), new JsInvocation(TimeSpan.FromSeconds(10)));
        await Task.Delay(200);

        using var looping = new JsIsolate(Image);
        JsContext loopContext = looping.CreateContext();
        var invocation = new JsInvocation(Budget);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<JsLimitException>(() => loopContext.RunAsync(c => c.Evaluate("while (true) {}"), invocation));

        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {wall.Elapsed.TotalMilliseconds} ms");
        Assert.InRange(invocation.CpuUsed.TotalMilliseconds, 50, 100);
        await longBudget;
    }

    [Fact]
    public async Task Items_run_back_to_back_are_each_charged_their_own_cpu_time()
    {
        // Consecutive items of one drain share a reading of the thread's CPU clock: each must still be charged from
        // where the previous one stopped, and a later drain (maybe on another thread) from a reading of its own. The
        // spins burn thread CPU time, so each item's own share is exact; the upper bounds only say "not the others'
        // too", with room for a slow machine (memcheck's quarantine makes every allocation slow).
        var image = JsRuntimeImage.Create(new HostFunctionTable().Add("spin", (_, args) =>
        {
            long until = ThreadCpuNs() + (long)args[0].AsNumber() * 1_000_000;
            while (ThreadCpuNs() < until) { }
            return JsValue.Undefined;
        }));
        using var isolate = new JsIsolate(image);
        JsContext context = isolate.CreateContext();
        await context.RunAsync(c => c.Evaluate("spin(0)"), new JsInvocation(Budget));  // spends the first-call exemption
        var roomy = TimeSpan.FromSeconds(1);  // the spins stay well inside it
        JsInvocation[] invocations = [new(roomy), new(roomy), new(roomy)];

        await Task.WhenAll(
            context.RunAsync(c => c.Evaluate("spin(60)"), invocations[0]),
            context.RunAsync(c => c.Evaluate("spin(40)"), invocations[1]),
            context.RunAsync(c => c.Evaluate("1"), invocations[2]));
        await Task.Delay(50);
        var later = new JsInvocation(roomy);
        await context.RunAsync(c => c.Evaluate("1"), later);

        Assert.InRange(invocations[0].CpuUsed.TotalMilliseconds, 60, 99);   // its own 60 and little more
        Assert.InRange(invocations[1].CpuUsed.TotalMilliseconds, 40, 99);   // charged the first's 60 too: >= 100
        Assert.InRange(invocations[2].CpuUsed.TotalMilliseconds, 0, 39);    // charged from the drain's start: >= 100
        Assert.InRange(later.CpuUsed.TotalMilliseconds, 0, 39);
    }

    [Fact]
    public async Task A_host_functions_first_call_in_the_process_is_not_charged_later_calls_are()
    {
        // Stands in for the one-time JIT and serializer set-up of a host function's first call.
        var image = JsRuntimeImage.Create(new HostFunctionTable().Add("burn", (_, args) =>
        {
            long until = ThreadCpuNs() + (long)args[0].AsNumber() * 1_000_000;
            while (ThreadCpuNs() < until) { }
            return JsValue.Undefined;
        }));
        using var isolate = new JsIsolate(image);
        JsContext context = isolate.CreateContext();

        var first = new JsInvocation(Budget);
        Assert.Equal("done", (await context.RunAsync(c => c.Evaluate("burn(120); 'done'"), first)).AsString());
        Assert.False(first.CpuExceeded);
        Assert.True(first.CpuUsed < Budget, $"charged {first.CpuUsed.TotalMilliseconds} ms");

        var second = new JsInvocation(Budget);
        try
        {
            await context.RunAsync(c => c.Evaluate("burn(120); 'done'"), second);
        }
        catch (JsLimitException)
        {
            // Whether V8 still stops the script depends on whether it reaches an interrupt check after the call.
        }
        Assert.True(second.CpuExceeded);
        Assert.True(second.CpuUsed >= TimeSpan.FromMilliseconds(100), $"charged {second.CpuUsed.TotalMilliseconds} ms");
    }

    private static long ThreadCpuNs()
    {
        clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out Timespec now);
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);

    [Fact]
    public async Task Time_spent_awaiting_a_host_timer_is_not_charged()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        var invocation = new JsInvocation(Budget);

        JsValue result = await context.RunAsync(
            c => c.CallAsync(c.Evaluate("(async () => { await sleep(200); return 'done'; })"), JsValue.Undefined).AsTask(),
            invocation);

        Assert.Equal("done", result.AsString());
        Assert.False(invocation.CpuExceeded);
        Assert.True(invocation.CpuUsed < Budget);
    }

    [Fact]
    public async Task Loop_in_a_microtask_is_terminated()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        var invocation = new JsInvocation(Budget);

        var error = await Assert.ThrowsAsync<JsLimitException>(() =>
            context.RunAsync(c => c.Evaluate("Promise.resolve().then(() => { while (true) {} }); 'queued'"), invocation));

        Assert.Equal(JsLimitKind.Cpu, error.Kind);
        // The watchdog samples thread CPU time; on a loaded machine it may notice the overrun some ms late.
        Assert.InRange(invocation.CpuUsed.TotalMilliseconds, 50, 100);
    }

    [Fact]
    public async Task Loop_in_an_async_continuation_is_terminated_and_fails_the_awaited_call()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        var invocation = new JsInvocation(Budget);
        JsValue fetch = await context.RunAsync(c => c.Evaluate("(async () => { await sleep(30); while (true) {} })"));

        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.InvokeAsync(fetch, JsValue.Undefined, [], invocation));

        Assert.Equal(JsLimitKind.Cpu, error.Kind);
        // The watchdog samples thread CPU time; on a loaded machine it may notice the overrun some ms late.
        Assert.InRange(invocation.CpuUsed.TotalMilliseconds, 50, 100);
        Assert.Equal("ok", (await context.RunAsync(c => c.Evaluate("'ok'"))).AsString());
    }

    [Fact]
    public async Task Budget_is_shared_by_all_entries_of_an_invocation()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        var invocation = new JsInvocation(Budget);
        JsValue spin = await context.RunAsync(c => c.Evaluate("(ms) => { const end = Date.now() + ms; while (Date.now() < end) {} }"));

        // Entries of 10 ms wall time until 25 ms of CPU are charged: a loaded machine may deschedule the spin.
        for (int i = 0; i < 100 && invocation.CpuUsed.TotalMilliseconds < 25; i++)
            await context.RunAsync(c => c.Call(spin, JsValue.Undefined, 10), invocation);
        double first = invocation.CpuUsed.TotalMilliseconds;
        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.Evaluate("while (true) {}"), invocation));

        // Had the last entry started a fresh budget, the total would be first + 50 ms.
        Assert.Equal(JsLimitKind.Cpu, error.Kind);
        Assert.True(first >= 25, $"the first entries used only {first} ms");
        Assert.InRange(invocation.CpuUsed.TotalMilliseconds, 50, first + 49);
    }
}
