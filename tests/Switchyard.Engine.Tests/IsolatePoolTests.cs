namespace Switchyard.Engine.Tests;

public class IsolatePoolTests
{
    [Fact]
    public async Task Pool_hands_out_distinct_ready_isolates_and_refills()
    {
        var image = JsRuntimeImage.Create(null, "globalThis.ready = 'yes';");
        using var pool = new JsIsolatePool(image, size: 2);

        JsContext first = await pool.TakeAsync();
        JsContext second = await pool.TakeAsync();
        try
        {
            Assert.NotSame(first.Isolate, second.Isolate);
            Assert.Equal("yes", (await first.RunAsync(c => c.Evaluate("ready"))).AsString());
            await first.RunAsync(c => c.Evaluate("globalThis.mine = 1"));
            Assert.Equal("undefined", (await second.RunAsync(c => c.Evaluate("typeof mine"))).AsString());

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (pool.ReadyCount < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(2, pool.ReadyCount);
        }
        finally
        {
            first.Isolate.Dispose();
            second.Isolate.Dispose();
        }
    }

    [Fact]
    public async Task Take_with_refill_later_leaves_the_replacement_to_Refill()
    {
        var image = JsRuntimeImage.Create(null, "globalThis.ready = 'yes';");
        using var pool = new JsIsolatePool(image, size: 2);
        await WaitForReadyAsync(pool, 2);

        JsContext taken = await pool.TakeAsync(refillLater: true);
        try
        {
            await Task.Delay(200);
            Assert.Equal(1, pool.ReadyCount);
            pool.Refill();
            await WaitForReadyAsync(pool, 2);
            Assert.Equal(2, pool.ReadyCount);
        }
        finally
        {
            taken.Isolate.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_takers_of_an_empty_pool_each_get_a_working_isolate_of_their_own()
    {
        var image = JsRuntimeImage.Create(null, "globalThis.ready = 'yes';");
        using var pool = new JsIsolatePool(image, size: 1);
        await WaitForReadyAsync(pool, 1);

        // More takers than the pool holds: the first gets the ready isolate, others wait for the one being made or
        // make their own.
        JsContext[] taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await pool.TakeAsync())));
        try
        {
            Assert.Equal(4, taken.Select(c => c.Isolate).Distinct().Count());
            for (int i = 0; i < taken.Length; i++)
            {
                JsContext context = taken[i];
                await context.RunAsync(c => c.Evaluate($"globalThis.mine = {i}"));
                Assert.Equal($"yes {i}", (await context.RunAsync(c => c.Evaluate("ready + ' ' + mine"))).AsString());
            }
        }
        finally
        {
            foreach (JsContext context in taken) context.Isolate.Dispose();
        }
    }

    private static async Task WaitForReadyAsync(JsIsolatePool pool, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pool.ReadyCount < count && DateTime.UtcNow < deadline) await Task.Delay(10);
    }
}
