namespace Switchyard.Engine.Tests;

[Collection(SerialCollection.Name)]
public class MemoryLimitTests
{
    private static readonly JsIsolateOptions SmallLimits = new()
    {
        HeapLimitBytes = 32L * 1024 * 1024,
        ArrayBufferLimitBytes = 16L * 1024 * 1024,
    };

    [Theory]
    [InlineData("const keep = []; while (true) keep.push(new Array(10000).fill({ x: 1 }));")]
    [InlineData("let s = 'x'; const keep = []; while (true) { s = s + s.length; keep.push(s + 'y'); }")]
    [InlineData("const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, text: 'value ' + i });")]
    public async Task Heap_bomb_is_stopped_and_the_isolate_is_discarded(string script)
    {
        var isolate = new JsIsolate(JsRuntimeImage.Create(), SmallLimits);
        JsContext context = isolate.CreateContext();

        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.Evaluate(script)));

        Assert.Equal(JsLimitKind.Memory, error.Kind);
        Assert.False(isolate.IsUsable);
        await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.Evaluate("1")));
        isolate.Dispose();
    }

    [Theory]
    [InlineData("const keep = []; while (true) keep.push(new ArrayBuffer(1 << 20));")]
    [InlineData("const keep = []; while (true) { try { keep.push(new Uint8Array(1 << 20)); } catch {} }")]
    public async Task ArrayBuffer_bomb_is_stopped_at_the_cap(string script)
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create(), SmallLimits);
        JsContext context = isolate.CreateContext();

        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.Evaluate(script)));

        Assert.Equal(JsLimitKind.Memory, error.Kind);
        Assert.False(isolate.IsUsable);
    }

    [Fact]
    public async Task Buffer_requested_from_CSharp_beyond_the_cap_is_a_memory_limit()
    {
        using var isolate = new JsIsolate(JsRuntimeImage.Create(), SmallLimits);
        JsContext context = isolate.CreateContext();

        var error = await Assert.ThrowsAsync<JsLimitException>(() => context.RunAsync(c => c.NewUint8Array(32 << 20)));

        Assert.Equal(JsLimitKind.Memory, error.Kind);
    }
}
