using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests.Containment;

/// <summary>
/// Invocations that would never end: a handler whose client has gone while it waits on a promise nothing settles, and
/// waitUntil work that never finishes. Both are ended after the grace period (30 s on Cloudflare; short here).
/// </summary>
public sealed class InvocationEndTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { WaitUntilGrace = TimeSpan.FromMilliseconds(300) });

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_handler_that_waits_on_nothing_is_ended_once_its_client_has_gone()
    {
        var worker = await _fixture.DeployAsync("hangs", """
            let started = 0;
            export default { async fetch(request) {
              if (new URL(request.url).pathname === "/count") return new Response(String(started));
              started++;
              await new Promise(() => {});
              return new Response("never");
            } };
            """);
        using var client = new CancellationTokenSource();
        Task<WorkerResponse> hanging = _fixture.Runtime.FetchAsync(worker.Worker, worker.Version,
            new WorkerRequest("GET", "https://w.test/hang", [], null), client.Token);
        await WaitUntilStartedAsync();
        await Task.Delay(100);
        Assert.False(hanging.IsCompleted);  // no wall-clock limit while the client waits

        client.Cancel();
        var ended = await Assert.ThrowsAsync<WorkerException>(() => hanging.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(WorkerFailure.Canceled, ended.Failure);
        Assert.Equal("1", (await _fixture.FetchAsync(worker, "https://w.test/count")).Body);

        // The hanging request is only queued when FetchAsync returns: on a busy machine /count can run first.
        async Task WaitUntilStartedAsync()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await _fixture.FetchAsync(worker, "https://w.test/count")).Body != "1" && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal("1", (await _fixture.FetchAsync(worker, "https://w.test/count")).Body);
        }
    }

    [Fact]
    public async Task WaitUntil_work_that_never_finishes_is_cut_off_after_the_grace_period()
    {
        // A grace long enough to see the work run first even on a slow machine (under memcheck), short enough for a test.
        using var fixture = new RuntimeFixture(new RuntimeOptions { WaitUntilGrace = TimeSpan.FromSeconds(2) });
        var worker = await fixture.DeployAsync("lingers", """
            globalThis.ticks = 0;
            export default { async fetch(request, env, ctx) {
              if (new URL(request.url).pathname === "/ticks") return new Response(String(globalThis.ticks));
              ctx.waitUntil(new Promise(() => { setInterval(() => { globalThis.ticks++; }, 5); }));
              return new Response("answered");
            } };
            """);
        Assert.Equal("answered", (await fixture.FetchAsync(worker, "https://w.test/")).Body);
        // The grace period started before the answer came back, so it is over 2 s from now at the latest.
        var answered = System.Diagnostics.Stopwatch.StartNew();
        async Task<int> TicksAsync() => int.Parse((await fixture.FetchAsync(worker, "https://w.test/ticks")).Body);

        // It runs after the response...
        while (await TicksAsync() == 0 && answered.Elapsed < TimeSpan.FromSeconds(1.5)) await Task.Delay(20);
        Assert.NotEqual(0, await TicksAsync());

        // ...until the grace period has passed: then the invocation is ended and its timers no longer fire. (Bounded
        // polling: a slow machine may take a moment past the grace to run the ending.)
        await Task.Delay(TimeSpan.FromSeconds(2.2) - answered.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        int previous = await TicksAsync(), current = -1;
        for (int i = 0; i < 20 && current != previous; i++)
        {
            await Task.Delay(300);
            (previous, current) = (current == -1 ? previous : current, await TicksAsync());
        }
        Assert.Equal(previous, current);
        await Task.Delay(300);
        Assert.Equal(current, await TicksAsync());
    }
}
