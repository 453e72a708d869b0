using System.Diagnostics;

namespace Switchyard.Engine.Tests;

[Collection(SerialCollection.Name)]
public class DisposeLeakTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(null,
        "globalThis.work = (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x + i) % 1000003; return x; };");

    [Fact]
    public void Create_and_dispose_cycles_do_not_grow_resident_memory()
    {
        static void Cycle(int count)
        {
            for (int i = 0; i < count; i++)
            {
                using var isolate = new JsIsolate(Image);
                JsContext context = isolate.CreateContext();
                isolate.Run(() => context.Evaluate("work(100) + JSON.stringify({ a: [1, 2, 3] }).length"));
            }
        }

        Cycle(300);  // warm-up: allocator pools and JIT settle
        long before = ResidentBytes();
        Cycle(3000);
        long growth = ResidentBytes() - before;

        // A leaked isolate costs ~900 KB (2.6 GB here); even 16 KB per cycle would exceed the bound. What remains
        // is allocator noise of about 1 KB per cycle, in steps.
        Assert.True(growth < 48L * 1024 * 1024, $"resident memory grew by {growth / 1024} KB over 3000 cycles");
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
