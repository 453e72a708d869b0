using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// <c>request.signal</c> under <c>enable_request_signal</c>: it aborts with "The client has disconnected" when the client
/// goes while the invocation runs, and a <c>fetch()</c> made from the request does not follow it unless
/// <c>request_signal_passthrough</c> is set too; without the flag the signal never aborts.
/// </summary>
public sealed class RequestSignalTests() : LoopbackRuntimeTests(new RuntimeOptions { WaitUntilGrace = TimeSpan.FromSeconds(10) })
{
    // On abort it logs the reason, then fetches with the request as init: a fetch that follows the aborted signal rejects
    // with its AbortError before anything is sent; one that does not is sent, and answered (the worker has waitUntil
    // work, so its I/O outlives the client). Its body never ends by itself, so the invocation runs until the client goes.
    private string Worker => $$"""
        export default { async fetch(request, env, ctx) {
          request.signal.addEventListener("abort", () => {
            console.log(`aborted ${request.signal.reason.name}: ${request.signal.reason.message}`);
            ctx.waitUntil(fetch("{{Server.Origin}}/text?body=x", request).then(r => console.log(`subrequest ${r.status}`), e => console.log(`subrequest ${e.name}`)));
          });
          ctx.waitUntil(new Promise(resolve => setTimeout(resolve, 1500)).then(() => console.log("done waiting")));
          return new Response(new ReadableStream({ pull() { return new Promise(() => {}); } }));
        } };
        """;

    private Task<string[]> DisconnectAsync(params string[] flags) =>
        RunThenDisconnectAsync("signal-" + string.Join("-", flags), Worker, "https://w.test/", line => line == "done waiting", flags);

    [Fact]
    public async Task The_signal_aborts_when_the_client_goes_and_a_fetch_made_from_the_request_does_not_follow_it()
    {
        string[] logs = await DisconnectAsync("enable_request_signal");
        Assert.Contains("aborted AbortError: The client has disconnected", logs);
        Assert.Contains("subrequest 200", logs);
    }

    [Fact]
    public async Task With_passthrough_a_fetch_made_from_the_request_follows_the_signal()
    {
        string[] logs = await DisconnectAsync("enable_request_signal", "request_signal_passthrough");
        Assert.Contains("aborted AbortError: The client has disconnected", logs);
        Assert.Contains("subrequest AbortError", logs);
    }

    [Fact]
    public async Task Without_the_flag_the_signal_never_aborts()
    {
        string[] logs = await DisconnectAsync();
        Assert.Contains("done waiting", logs);
        Assert.DoesNotContain(logs, l => l.StartsWith("aborted", StringComparison.Ordinal) || l.StartsWith("subrequest", StringComparison.Ordinal));
    }
}
