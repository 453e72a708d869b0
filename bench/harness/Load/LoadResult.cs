namespace Switchyard.Bench.Load;

/// <summary>One measured run: throughput and latency percentiles, with the errors seen (non-2xx answers included).</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);
