using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests.Containment;

/// <summary>
/// A worker's global scope can do no I/O (as on Cloudflare), runs under the start-up CPU limit, and a top-level await
/// that can never settle fails the load at once instead of hanging every request.
/// </summary>
public sealed class GlobalScopeTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { StartupCpuLimit = TimeSpan.FromMilliseconds(200) });

    public void Dispose() => _fixture.Dispose();

    private async Task<WorkerException> LoadFailure(string code)
    {
        var worker = await _fixture.DeployAsync("global-" + Guid.NewGuid().ToString("N")[..8], code);
        return await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("await fetch('http://127.0.0.1:9/');")]
    [InlineData("await new Promise(resolve => setTimeout(resolve, 1));")]
    [InlineData("crypto.getRandomValues(new Uint8Array(4));")]
    [InlineData("crypto.randomUUID();")]
    public async Task Io_timers_and_entropy_in_global_scope_throw_cloudflares_error(string statement)
    {
        WorkerException failure = await LoadFailure(statement + "\nexport default { fetch() { return new Response('no'); } };");
        Assert.Equal(WorkerFailure.Exception, failure.Failure);
        Assert.Contains("Disallowed operation called within global scope.", failure.JsStack);
    }

    [Fact]
    public async Task A_top_level_await_that_can_never_settle_fails_the_load_instead_of_hanging()
    {
        WorkerException failure = await LoadFailure("await new Promise(() => {});\nexport default { fetch() { return new Response('no'); } };");
        Assert.Contains("top-level await never settles", failure.JsStack ?? failure.Message);
    }

    [Fact]
    public async Task A_top_level_await_on_microtasks_settles()
    {
        var worker = await _fixture.DeployAsync("tla-ok", "const v = await Promise.resolve(7);\nexport default { fetch() { return new Response(String(v)); } };");
        Assert.Equal("7", (await _fixture.FetchAsync(worker)).Body);
    }

    [Fact]
    public async Task An_endless_global_scope_stops_at_the_startup_cpu_limit_and_i_o_works_in_handlers()
    {
        WorkerException failure = await LoadFailure("while (true) {}\nexport default { fetch() { return new Response('no'); } };");
        Assert.Equal(WorkerFailure.CpuLimit, failure.Failure);
        Assert.Equal("Script startup exceeded CPU time limit.", failure.Message);

        // The per-request limit is not the start-up limit: a handler may use more than 200 ms.
        var worker = await _fixture.DeployAsync("busy-handler", """
            export default { async fetch() {
              const end = Date.now() + 0; let n = 0; const t0 = performance.now();
              await new Promise(resolve => setTimeout(resolve, 1));
              for (let i = 0; i < 3e7; i++) n += i % 7;
              return new Response(String(crypto.getRandomValues(new Uint8Array(2)).length));
            } };
            """);
        Assert.Equal("2", (await _fixture.FetchAsync(worker)).Body);
    }
}
