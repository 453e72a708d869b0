namespace Switchyard.Bench.Load;

/// <summary>One measured run: throughput and latency percentiles, with the errors seen (non-2xx answers included).</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, double Seconds)
{
    /// <summary>
    /// A server's rounds as one figure: the throughput over all of them (every request over the time of all rounds),
    /// and the median round's p50 and p99 (wrk reports percentiles, not the latencies to merge).
    /// </summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> rounds)
    {
        if (rounds.Count == 0) throw new ArgumentException("no rounds to combine", nameof(rounds));
        long requests = rounds.Sum(r => r.Requests);
        double seconds = rounds.Sum(r => r.Seconds);
        double Median(Func<LoadResult, double> of) => Percentiles.Of(rounds.Select(of).ToList(), 0.5);
        return new LoadResult(seconds > 0 ? requests / seconds : 0, Median(r => r.P50Ms), Median(r => r.P99Ms), requests,
            rounds.Sum(r => r.Errors), seconds);
    }
}
