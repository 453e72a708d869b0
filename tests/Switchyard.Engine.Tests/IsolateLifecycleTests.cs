namespace Switchyard.Engine.Tests;

public class IsolateLifecycleTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable()
        .Add("enter", (_, _) => Interlocked.Increment(ref s_running))
        .Add("leave", (_, _) => Interlocked.Decrement(ref s_running)),
        "globalThis.work = (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x + i) % 1000003; return x; };");

    private static int s_running;

    [Fact]
    public async Task Many_isolates_run_in_parallel_on_the_thread_pool()
    {
        var isolates = Enumerable.Range(0, 16).Select(_ => new JsIsolate(Image)).ToList();
        int maxParallel = 0;
        int arrived = 0;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        try
        {
            var contexts = await Task.WhenAll(isolates.Select(i => i.CreateContextAsync()));
            var results = await Task.WhenAll(contexts.Select(c => c.RunAsync(ctx =>
            {
                threads[Environment.CurrentManagedThreadId] = true;
                // Hold the first items until a second one has started: on a busy pool one thread could otherwise
                // drain every queue before another thread is free, which says nothing about parallelism.
                Interlocked.Increment(ref arrived);
                SpinWait.SpinUntil(() => Volatile.Read(ref arrived) >= 2, TimeSpan.FromSeconds(10));
                int now = (int)ctx.Evaluate("enter()").AsNumber();
                InterlockedMax(ref maxParallel, now);
                double value = ctx.Evaluate("work(3000000)").AsNumber();
                InterlockedMax(ref maxParallel, (int)ctx.Evaluate("leave() + 1").AsNumber());
                return value;
            })));

            Assert.All(results, r => Assert.Equal(results[0], r));
            Assert.True(threads.Count > 1, "work ran on one thread only");
            Assert.True(maxParallel > 1, "no two isolates ever ran at once");
        }
        finally
        {
            isolates.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public async Task Inline_work_runs_on_an_idle_isolate_in_the_callers_thread_and_is_done_on_return()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        int caller = Environment.CurrentManagedThreadId;
        int ran = -1;

        Task<double> task = context.RunInlineAsync(c =>
        {
            ran = Environment.CurrentManagedThreadId;
            return Task.FromResult(c.Evaluate("work(1000)").AsNumber());
        });

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(caller, ran);
        Assert.Equal(await context.RunAsync(c => c.Evaluate("work(1000)").AsNumber()), await task);
    }

    [Fact]
    public async Task Inline_work_asked_for_from_inside_another_isolate_is_queued_instead()
    {
        using var outer = new JsIsolate(Image);
        using var inner = new JsIsolate(Image);
        JsContext outerContext = outer.CreateContext();
        JsContext innerContext = inner.CreateContext();

        int asker = -1;
        bool inOuterTurn = false;
        Task<bool> innerTask = await outerContext.RunAsync<Task<bool>>(_ =>
        {
            asker = Environment.CurrentManagedThreadId;
            Volatile.Write(ref inOuterTurn, true);
            Task<bool> task = innerContext.RunInlineAsync(_ =>
                Task.FromResult(Environment.CurrentManagedThreadId == asker && Volatile.Read(ref inOuterTurn)));
            Volatile.Write(ref inOuterTurn, false);
            return task;
        });

        // Run inside the outer isolate's turn, the inner work would be charged to the outer's CPU budget. Queued, it
        // may still run on the same thread, but only once that turn is over.
        Assert.False(await innerTask);
    }

    [Fact]
    public async Task Inline_work_on_a_busy_isolate_waits_its_turn_in_the_queue()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task<bool> busy = context.RunAsync(_ =>
        {
            started.Set();
            return release.Wait(TimeSpan.FromSeconds(10));
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        Task<int> queued = context.RunInlineAsync(_ => Task.FromResult(Environment.CurrentManagedThreadId));
        Assert.False(queued.IsCompleted);
        release.Set();
        Assert.True(await busy);
        await queued;
    }

    [Fact]
    public async Task Back_to_back_round_trips_from_another_thread_never_stall()
    {
        // Each post races with the executor releasing the queue after the previous item: a lost wake-up hangs here.
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        JsValue identity = await context.RunAsync(c => c.Evaluate("async (x) => x"));
        JsValue[] args = [1];

        var run = Task.Run(async () =>
        {
            for (int i = 0; i < 100_000; i++) await context.InvokeAsync(identity, JsValue.Undefined, args);
        });

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        await run;
    }

    [Fact]
    public void Disposed_isolate_rejects_work_and_fails_pending_awaits()
    {
        var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        Task<JsValue> pending = isolate.Run(() => context.AwaitAsync(context.Evaluate("new Promise(() => {})")));

        isolate.Dispose();

        Assert.Throws<ObjectDisposedException>(() => isolate.Run(() => 1));
        Assert.IsType<ObjectDisposedException>(pending.Exception?.InnerException);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
