using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests.Containment;

/// <summary>
/// Heap exhaustion by worker code, on every path that allocates on its behalf (its own code, the runtime's JS, V8's
/// builtins, values the host makes in the isolate): the invocation ends with "Worker exceeded memory limit." and the
/// process, and a neighbour worker, carry on.
/// </summary>
public sealed class MemoryExhaustionTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new(new RuntimeOptions { HeapLimitBytes = 64L * 1024 * 1024, ArrayBufferLimitBytes = 64L * 1024 * 1024 });

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string, string> Paths => new()
    {
        { "console", "const a = []; for (let i = 0; i < 5e6; i++) a.push({ i, s: 'x' + i }); console.log(a);" },
        { "console-string", "let s = 'x'; const parts = []; for (let i = 0; i < 1e6; i++) parts.push({ k: 'v'.repeat(100) + i }); console.log(JSON.stringify(parts));" },
        { "json-stringify", "const a = []; for (let i = 0; i < 1e7; i++) a.push({ index: i, name: 'item-' + i }); JSON.stringify(a);" },
        { "string-building", "let s = ''; const keep = []; for (let i = 0; ; i++) { keep.push('y'.repeat(1024) + i); }" },
        { "array-growth", "const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]);" },
        { "structured-clone", "const a = []; for (let i = 0; i < 2e6; i++) a.push({ i, t: 'z' + i }); const c = []; for (;;) c.push(structuredClone(a));" },
        { "text-decoder", "const big = new Uint8Array(32 * 1024 * 1024).fill(65); const keep = []; for (;;) keep.push(new TextDecoder().decode(big));" },
        { "response-body", "const keep = []; for (;;) keep.push(await new Response('w'.repeat(8 * 1024 * 1024)).text());" },
        { "array-buffers", "const keep = []; for (;;) keep.push(new ArrayBuffer(16 * 1024 * 1024));" },
        { "map-growth", "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i });" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Heap_exhaustion_ends_the_invocation_with_the_memory_limit_and_the_process_lives_on(string path, string code)
    {
        var hog = await _fixture.DeployAsync("hog-" + path, $$"""
            export default { async fetch() { {{code}} return new Response("survived"); } };
            """);
        var neighbour = await _fixture.DeployAsync("neighbour-" + path, "export default { fetch() { return new Response('fine'); } };");
        Assert.Equal("fine", (await _fixture.FetchAsync(neighbour)).Body);

        var failure = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(hog).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(WorkerFailure.MemoryLimit, failure.Failure);
        Assert.Equal("Worker exceeded memory limit.", failure.Message);

        Assert.Equal("fine", (await _fixture.FetchAsync(neighbour)).Body);
    }

    [Fact]
    public async Task Bodies_the_host_hands_in_count_against_the_limit()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        var hog = await _fixture.DeployAsync("hog-bodies", $$"""
            export default { async fetch() {
              const keep = [];
              for (let i = 0; i < 64; i++) keep.push(await (await fetch("{{upstream.Origin}}/big/4")).arrayBuffer());
              return new Response("survived " + keep.length);
            } };
            """);
        var failure = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(hog).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(WorkerFailure.MemoryLimit, failure.Failure);
    }
}
