using System.Diagnostics;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>A subrequest overrun ends the invocation at once, not when its CPU budget runs out, and only that invocation.</summary>
public class SubrequestAbortTests : IAsyncLifetime
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { SubrequestLimit = 3 });
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _fixture.Dispose();
    }

    [Fact]
    public async Task A_worker_that_catches_every_rejection_is_still_stopped_at_the_overrun()
    {
        // Past the limit fetch() rejects at once, so without the abort this loop would spin in microtasks for 30 s of CPU.
        var worker = await _fixture.DeployAsync("catcher", $$"""
            export default {
              async fetch(request) {
                if (new URL(request.url).pathname === "/calm") return new Response("calm");
                let attempts = 0;
                while (true) { attempts++; try { await fetch("{{_server.Origin}}/text?body=x"); } catch {} }
              }
            };
            """);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker));
        Assert.Equal(WorkerFailure.SubrequestLimit, error.Failure);
        Assert.Equal("Too many subrequests.", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");

        Assert.Equal("calm", (await _fixture.FetchAsync(worker, "https://x.example/calm")).Body);
    }
}
