using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

public class FailureTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { HeapLimitBytes = 32L << 20, ArrayBufferLimitBytes = 32L << 20 });

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Uncaught_exception_carries_the_js_stack_and_pass_through_flag()
    {
        var worker = await _fixture.DeployAsync("thrower", """
            function explode() { throw new Error("kaboom"); }
            export default { fetch(req, env, ctx) { ctx.passThroughOnException(); explode(); } };
            """);

        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker));

        Assert.Equal(WorkerFailure.Exception, error.Failure);
        Assert.Equal("Worker threw exception", error.Message);
        Assert.Contains("Error: kaboom", error.JsStack);
        Assert.Contains("explode", error.JsStack);
        Assert.Contains("index.js", error.JsStack);
        Assert.True(error.PassThroughOnException);
    }

    [Fact]
    public async Task Infinite_loop_hits_the_cpu_limit_and_the_isolate_serves_again()
    {
        var worker = await _fixture.DeployAsync("spinner", """
            export default { fetch(req) { if (new URL(req.url).pathname === "/spin") while (true) {} return new Response("fine"); } };
            """, cpuMs: 50);

        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://x.example/spin"));

        Assert.Equal(WorkerFailure.CpuLimit, error.Failure);
        Assert.Equal("Worker exceeded CPU time limit.", error.Message);
        Assert.Equal("fine", (await _fixture.FetchAsync(worker)).Body);
    }

    [Fact]
    public async Task A_limit_overrun_and_an_uncaught_exception_are_logged_with_the_worker_they_came_from()
    {
        var worker = await _fixture.DeployAsync("logged-spinner", """
            export default { fetch(req) {
              if (new URL(req.url).pathname === "/spin") while (true) {}
              throw new TypeError("no such thing");
            } };
            """, cpuMs: 50);

        await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://x.example/spin"));
        await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://x.example/throw"));

        // The overrun is logged when the invocation is over, which may be just after its caller saw the failure.
        string Expected(string what) => $"Worker logged-spinner (namespace -, account {_fixture.AccountId}, version {worker.Version.Version.Id}, ray -) {what}";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_fixture.HostLog.Entries.Any(e => e.Message.StartsWith(Expected("ended exceededCpu"))) && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        var entries = _fixture.HostLog.Entries;
        Assert.Contains(entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith(Expected("ended exceededCpu: CPU ")));
        Assert.Contains(entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && e.Message.StartsWith(Expected("threw an uncaught exception: TypeError: no such thing")));
    }

    [Fact]
    public async Task Memory_bomb_hits_the_memory_limit_and_the_next_request_gets_a_fresh_isolate()
    {
        var worker = await _fixture.DeployAsync("bomb", """
            globalThis.count = 0;
            export default { fetch(req) {
              globalThis.count++;
              if (new URL(req.url).pathname === "/bomb") { const hoard = []; while (true) hoard.push(new Array(100000).fill(Math.random())); }
              return new Response(String(globalThis.count));
            } };
            """);
        Assert.Equal("1", (await _fixture.FetchAsync(worker)).Body);

        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://x.example/bomb"));

        Assert.Equal(WorkerFailure.MemoryLimit, error.Failure);
        Assert.Equal("Worker exceeded memory limit.", error.Message);
        Assert.Equal("1", (await _fixture.FetchAsync(worker)).Body);
    }

    [Fact]
    public async Task Repeated_memory_limit_hits_each_end_in_a_fresh_isolate_and_the_worker_keeps_serving()
    {
        // Each bomb drives the isolate through full GCs up to the heap limit: under tools/memcheck this is what exposes
        // native writes to freed memory (a stale pointer in the start-up snapshot once did exactly that).
        // Each isolate counts the requests it served: a fresh one answers "alive 1" after every bomb.
        var worker = await _fixture.DeployAsync("bombs", """
            globalThis.served = 0;
            export default { fetch(req) {
              if (new URL(req.url).pathname === "/bomb") { const hoard = []; while (true) hoard.push(new Array(100000).fill(Math.random())); }
              return new Response(`alive ${++globalThis.served}`);
            } };
            """);

        for (int i = 0; i < 10; i++)
        {
            var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker, "https://x.example/bomb"));
            Assert.Equal(WorkerFailure.MemoryLimit, error.Failure);
            Assert.Equal("alive 1", (await _fixture.FetchAsync(worker)).Body);
        }
    }
}
