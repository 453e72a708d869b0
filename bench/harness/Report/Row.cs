namespace Switchyard.Bench.Report;

/// <summary>One server's figures in one scenario; a figure a scenario does not measure stays null.</summary>
public sealed record Figures(double? Rps = null, double? P50Ms = null, double? P99Ms = null, double? RssKb = null, long Errors = 0);

/// <summary>
/// One line of the result table: Switchyard beside workerd, and, where the scenario has one, the bare-Kestrel
/// ceiling for the same bytes. <see cref="RssLabel"/> says what the RSS figure is (process, or per worker).
/// </summary>
public sealed record Row(string Key, string Scenario, Figures? Switchyard, Figures? Workerd, Figures? Kestrel = null,
    string? Note = null, string RssLabel = "process")
{
    /// <summary>Load rows chart throughput; latency-only rows (cold start, deploy) chart their p50.</summary>
    public bool IsLoad => (Switchyard?.Rps ?? Workerd?.Rps) is not null;
}
