using System.Diagnostics;
using Switchyard.Engine;

namespace Switchyard.Bench.Engine;

/// <summary>Calls per second of the worker's trivial async fetch, driven from C#.</summary>
internal static class WarmCalls
{
    /// <summary>A loop inside one executor entry: the engine's own per-call cost.</summary>
    public static double InsideOneEntry(JsRuntimeImage image, TimeSpan duration)
    {
        var (isolate, context, handler, fetch) = Workloads.Start(image);
        using (isolate)
        {
            JsValue request = "ping";
            return isolate.Run(() =>
            {
                long calls = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < duration)
                {
                    for (int i = 0; i < 1000; i++) context.CallAsync(fetch, handler, request).GetAwaiter().GetResult();
                    calls += 1000;
                }
                return calls / clock.Elapsed.TotalSeconds;
            });
        }
    }

    /// <summary>
    /// Each call a separate queued invocation with its own CPU budget (watchdog armed), posted from other threads
    /// with <paramref name="inFlight"/> outstanding: what a request dispatcher does.
    /// </summary>
    public static async Task<double> Invocations(JsRuntimeImage image, TimeSpan duration, int inFlight)
    {
        var (isolate, context, handler, fetch) = Workloads.Start(image);
        using (isolate)
        {
            JsValue[] args = ["ping"];
            long calls = 0;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    await context.InvokeAsync(fetch, handler, args, new JsInvocation(TimeSpan.FromMilliseconds(50)));
                    Interlocked.Increment(ref calls);
                }
            }));
            await Task.WhenAll(workers);
            return calls / clock.Elapsed.TotalSeconds;
        }
    }
}
