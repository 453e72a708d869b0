namespace Switchyard.Bench.Load;

/// <summary>Percentiles of a latency sample, nearest-rank (the value below which q of the sample lies).</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> sample, double q)
    {
        if (sample.Count == 0) throw new ArgumentException("empty sample");
        if (q is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(q), "q must be in (0, 1]");
        var sorted = sample.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[rank - 1];
    }
}
