namespace Switchyard.Engine.Tests;

public class HeapInfoTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable());

    [Fact]
    public async Task Heap_query_of_a_busy_isolate_returns_at_once_and_completes_when_the_isolate_gets_to_it()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();
        using var busy = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        Task<double> running = context.RunAsync(c =>
        {
            started.Set();
            busy.Wait(TimeSpan.FromSeconds(30));
            return c.Evaluate("1 + 1").AsNumber();
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        // A thread that asked synchronously would now wait for the isolate: under load that starves the thread pool.
        Task<JsHeapInfo> query = isolate.GetHeapInfoAsync();

        Assert.False(query.IsCompleted);
        busy.Set();
        JsHeapInfo info = await query.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await running);
        Assert.True(info.TotalHeapBytes > 0 && info.UsedHeapBytes > 0 && info.UsedHeapBytes <= info.TotalHeapBytes);
    }
}
