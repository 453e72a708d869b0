using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>A subrequest overrun ends the invocation at once, not when its CPU budget runs out, and only that invocation.</summary>
public class SubrequestAbortTests() : LoopbackRuntimeTests(new RuntimeOptions { SubrequestLimit = 3 })
{
    [Fact]
    public async Task A_worker_that_catches_every_rejection_is_still_stopped_at_the_overrun()
    {
        // Past the limit fetch() rejects at once, so without the abort this loop would spin in microtasks for 30 s of CPU.
        var worker = await Fixture.DeployAsync("catcher", $$"""
            export default {
              async fetch(request) {
                if (new URL(request.url).pathname === "/calm") return new Response("calm");
                let attempts = 0;
                while (true) { attempts++; try { await fetch("{{Server.Origin}}/text?body=x"); } catch {} }
              }
            };
            """);

        // The loop catches every failed fetch(): only the invocation's abort at the limit ends it.
        var error = await Assert.ThrowsAsync<WorkerException>(() => Fixture.FetchAsync(worker));
        Assert.Equal(WorkerFailure.SubrequestLimit, error.Failure);
        Assert.Equal("Too many subrequests.", error.Message);

        Assert.Equal("calm", (await Fixture.FetchAsync(worker, "https://x.example/calm")).Body);
    }
}
