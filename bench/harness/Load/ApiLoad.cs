using System.Diagnostics;

namespace Switchyard.Bench.Load;

/// <summary>What <see cref="ApiLoad"/> measured: completed operations per second over the run, and their latencies.</summary>
public sealed record ApiLoadResult(long Operations, long Errors, double Seconds, double P50Ms, double P99Ms, string? FirstError)
{
    public double PerSecond => Seconds > 0 ? Operations / Seconds : 0;
}

/// <summary>
/// Closed-loop load on an HTTP API from this process: <c>concurrency</c> loops, each sending its next request when the
/// previous one is answered, until the time is up or the operation budget is spent (both bounded). Each loop is given
/// its own index, so loops can spread over several nodes' APIs. Used where wrk cannot shape the requests (multipart
/// uploads, distinct keys), so the load generator's own CPU shares the machine with the servers.
/// </summary>
public static class ApiLoad
{
    public static async Task<ApiLoadResult> RunAsync(int concurrency, TimeSpan duration, long maxOperations,
        Func<int, long, Task<HttpResponseMessage>> send)
    {
        var latencies = new List<double>[concurrency];
        long started = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        async Task LoopAsync(int loop)
        {
            var mine = latencies[loop] = [];
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref started);
                if (n > maxOperations) return;
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await send(loop, n);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null);
                        continue;
                    }
                    await response.Content.LoadIntoBufferAsync();
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => LoopAsync(i))));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        double Percentile(double p) => all.Count == 0 ? 0 : Percentiles.Of(all, p);
        return new ApiLoadResult(all.Count, errors, seconds, Percentile(0.5), Percentile(0.99), firstError);
    }
}
