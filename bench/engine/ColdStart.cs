using System.Diagnostics;
using Switchyard.Engine;

namespace Switchyard.Bench.Engine;

/// <summary>Start of a worker up to its first response: isolate + context + module + one fetch.</summary>
internal static class ColdStart
{
    /// <summary>Everything from nothing, per runtime image.</summary>
    public static (double P50, double P99) FromScratch(JsRuntimeImage image, int iterations) =>
        Measure(iterations, () =>
        {
            long start = Stopwatch.GetTimestamp();
            var (isolate, context, handler, fetch) = Workloads.Start(image);
            FirstFetch(isolate, context, handler, fetch);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            isolate.Dispose();
            return ms;
        });

    /// <summary>With the isolate and context taken ready-made from a <see cref="JsIsolatePool"/> (arrivals spaced so it keeps up).</summary>
    public static (double P50, double P99) FromPool(JsRuntimeImage image, int iterations)
    {
        using var pool = new JsIsolatePool(image, size: 4);
        return Measure(iterations, () =>
        {
            while (pool.ReadyCount < 4) Thread.Sleep(1);
            long start = Stopwatch.GetTimestamp();
            JsContext context = pool.TakeAsync().AsTask().GetAwaiter().GetResult();  // ready: completes synchronously
            var (handler, fetch) = Workloads.LoadWorker(context);
            FirstFetch(context.Isolate, context, handler, fetch);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            context.Isolate.Dispose();
            return ms;
        });
    }

    private static void FirstFetch(JsIsolate isolate, JsContext context, JsValue handler, JsValue fetch) =>
        isolate.Run(() => context.CallAsync(fetch, handler, "ping").GetAwaiter().GetResult());

    private static (double P50, double P99) Measure(int iterations, Func<double> once)
    {
        for (int i = 0; i < 20; i++) once();  // JIT and allocator warm-up
        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++) samples[i] = once();
        Array.Sort(samples);
        return (samples[iterations / 2], samples[(int)(iterations * 0.99)]);
    }
}
