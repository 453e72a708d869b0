using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests.Containment;

/// <summary>
/// Host crypto is charged to the invocation and stops with it: a key generation that would take minutes ends when the
/// CPU budget is spent or the client has gone, and a neighbour keeps answering meanwhile.
/// </summary>
public sealed class HostCryptoLimitTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { WaitUntilGrace = TimeSpan.FromMinutes(10) });

    public void Dispose() => _fixture.Dispose();

    private const string Generator = """
        export default { async fetch(request) {
          const bits = Number(new URL(request.url).searchParams.get("bits"));
          const pair = await crypto.subtle.generateKey(
            { name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
          const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new Uint8Array([1, 2, 3]));
          const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", pair.publicKey, signature, new Uint8Array([1, 2, 3]));
          return new Response(`${pair.publicKey.algorithm.modulusLength} ${ok}`);
        } };
        """;

    [Fact]
    public async Task A_huge_key_generation_stops_at_the_cpu_limit_while_a_neighbour_answers()
    {
        // 2 s of CPU: the neighbour is asked while the generation runs, and a loaded machine (the suite runs again
        // under the malloc quarantine, beside other tests) may hold this thread's continuations back for a while.
        var hog = await _fixture.DeployAsync("keygen-hog", Generator, cpuMs: 2000);
        var neighbour = await _fixture.DeployAsync("keygen-neighbour", "export default { fetch() { return new Response('fine'); } };");
        Assert.Equal("fine", (await _fixture.FetchAsync(neighbour)).Body);

        // From another thread (an idle isolate runs a request on its caller's thread).
        Task<(WorkerResponse, string)> hogging = Task.Run(() => _fixture.FetchAsync(hog, "https://w.test/?bits=16384"));
        await Task.Delay(100);
        Assert.Equal("fine", (await _fixture.FetchAsync(neighbour)).Body);
        Assert.False(hogging.IsCompleted, "the generation ended before its neighbour answered");
        var failure = await Assert.ThrowsAsync<WorkerException>(() => hogging.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(WorkerFailure.CpuLimit, failure.Failure);
        Assert.Equal("Worker exceeded CPU time limit.", failure.Message);
        Assert.Equal("fine", (await _fixture.FetchAsync(neighbour)).Body);
    }

    [Fact]
    public async Task A_huge_key_generation_stops_when_its_client_has_gone()
    {
        var hog = await _fixture.DeployAsync("keygen-abandoned", Generator);
        // Loaded first, so the 300 ms below go to the key generation and not to a cold start on a busy machine.
        await _fixture.FetchAsync(hog, "https://w.test/?bits=1024");
        using var client = new CancellationTokenSource();
        // From another thread: an idle isolate runs a request on its caller's thread, which the generation would hold.
        Task<WorkerResponse> hogging = Task.Run(() => _fixture.Runtime.FetchAsync(hog.Worker, hog.Version,
            new WorkerRequest("GET", "https://w.test/?bits=16384", [], null), client.Token));
        await Task.Delay(300);
        client.Cancel();
        var failure = await Assert.ThrowsAsync<WorkerException>(() => hogging.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(WorkerFailure.Canceled, failure.Failure);
    }

    [Fact]
    public async Task Pbkdf2_past_cloudflares_cap_is_refused_before_any_work()
    {
        var worker = await _fixture.DeployAsync("pbkdf2-cap", """
            export default { async fetch() {
              const key = await crypto.subtle.importKey("raw", new Uint8Array(16), "PBKDF2", false, ["deriveBits"]);
              try {
                await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(16), iterations: 1e8 }, key, 256);
                return new Response("derived");
              } catch (e) { return new Response(`${e.name}: ${e.message}`); }
            } };
            """, cpuMs: 50);
        Assert.Equal("NotSupportedError: Pbkdf2 failed: iteration counts above 100000 are not supported (requested 100000000).",
            (await _fixture.FetchAsync(worker)).Body);
    }
}
