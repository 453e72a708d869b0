using System.Diagnostics;
using Switchyard.Engine;

namespace Switchyard.Bench.Engine;

/// <summary>Resident memory growth over many isolate create/use/dispose cycles: a leak shows as steady growth.</summary>
internal static class DisposeCycles
{
    public static (double GrowthMb, double Seconds) Measure(JsRuntimeImage image, int cycles)
    {
        Cycle(image, 200);  // warm-up
        long before = ResidentBytes();
        var clock = Stopwatch.StartNew();
        Cycle(image, cycles);
        double seconds = clock.Elapsed.TotalSeconds;
        return ((ResidentBytes() - before) / 1024.0 / 1024.0, seconds);
    }

    private static void Cycle(JsRuntimeImage image, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var (isolate, context, handler, fetch) = Workloads.Start(image);
            isolate.Run(() => context.CallAsync(fetch, handler, "ping").GetAwaiter().GetResult());
            isolate.Dispose();
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
