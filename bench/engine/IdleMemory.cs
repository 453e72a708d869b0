using System.Diagnostics;
using Switchyard.Engine;

namespace Switchyard.Bench.Engine;

/// <summary>Resident memory per idle isolate that has a context and the worker module loaded.</summary>
internal static class IdleMemory
{
    public static double MeasureKilobytes(JsRuntimeImage image, int count)
    {
        Workloads.Start(image).Isolate.Dispose();  // first-use costs (code, platform threads) stay out of the delta
        long before = ResidentBytes();
        var isolates = new List<JsIsolate>(count);
        for (int i = 0; i < count; i++) isolates.Add(Workloads.Start(image).Isolate);
        long after = ResidentBytes();
        isolates.ForEach(i => i.Dispose());
        return (after - before) / 1024.0 / count;
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
