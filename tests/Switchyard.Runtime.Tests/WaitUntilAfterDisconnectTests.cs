using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// A client that disconnects cancels its invocation's I/O, unless the worker has waitUntil() work: then, as Cloudflare
/// keeps the request's context alive for it, its I/O carries on until the grace period ends the invocation.
/// </summary>
public sealed class WaitUntilAfterDisconnectTests() : LoopbackRuntimeTests(new RuntimeOptions { WaitUntilGrace = TimeSpan.FromSeconds(10) })
{
    // A 2-second subrequest, in waitUntil() when asked (?wait); its outcome is logged. The body never ends by itself.
    private string Worker => $$"""
        export default { async fetch(request, env, ctx) {
          const slow = fetch("{{Server.Origin}}/slow").then(r => r.text()).then(t => console.log(`slow ${t}`), e => console.log(`slow ${e.name}`));
          if (new URL(request.url).searchParams.has("wait")) ctx.waitUntil(slow);
          return new Response(new ReadableStream({ pull() { return new Promise(() => {}); } }));
        } };
        """;

    /// <summary>What the worker logged of its subrequest's end, once its client has gone.</summary>
    private async Task<string> DisconnectAsync(string url) =>
        (await RunThenDisconnectAsync("client-gone", Worker, url, line => line.StartsWith("slow", StringComparison.Ordinal)))
            .FirstOrDefault(line => line.StartsWith("slow", StringComparison.Ordinal)) ?? "nothing logged";

    [Fact]
    public async Task A_subrequest_in_waitUntil_completes_after_the_client_has_gone() =>
        Assert.Equal("slow late", await DisconnectAsync("https://w.test/?wait"));

    [Fact]
    public async Task Without_waitUntil_the_subrequest_is_cancelled_when_the_client_goes() =>
        Assert.Equal("slow TypeError", await DisconnectAsync("https://w.test/"));
}
