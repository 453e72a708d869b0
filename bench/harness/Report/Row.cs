namespace Switchyard.Bench.Report;

/// <summary>One server's figures in one scenario; a figure a scenario does not measure stays null.</summary>
/// <param name="PeakRssKb">The server's peak RSS since it started (its processes' <c>VmHWM</c> summed), where measured.</param>
public sealed record Figures(double? Rps = null, double? P50Ms = null, double? P99Ms = null, double? RssKb = null, long Errors = 0,
    double? PeakRssKb = null);

/// <summary>
/// One line of the result table: Switchyard beside workerd, and, where the scenario has one, the bare-Kestrel
/// ceiling for the same bytes. <see cref="RssLabel"/> says what the RSS figure is (process, or per worker).
/// Where the scenario compares them (hello, the tenants' Zipf load), <see cref="InProcess"/> is a second Switchyard
/// running its isolates in the server process (<c>--worker-hosts 0</c>), <see cref="Switchyard"/> the one with worker
/// hosts, measured in the same rounds. Where a scenario checks Switchyard's memory (the tenants), <see cref="WarmBudgetKb"/>
/// is its warm-memory budget as its <c>/metrics</c> reported it and <see cref="BaseKb"/> what docs/operations.md says it
/// holds besides.
/// </summary>
public sealed record Row(string Key, string Scenario, Figures? Switchyard, Figures? Workerd, Figures? Kestrel = null,
    string? Note = null, string RssLabel = "process", Figures? InProcess = null, double? WarmBudgetKb = null, double? BaseKb = null)
{
    /// <summary>Load rows chart throughput; latency-only rows (cold start, deploy) chart their p50.</summary>
    public bool IsLoad => (Switchyard?.Rps ?? Workerd?.Rps) is not null;

    /// <summary>Throughput with worker hosts over in-process (issue 23's targets: ≥ 0.8); in results.json too.</summary>
    public double? WorkerHostsOverInProcess => Ratio.Of(Switchyard?.Rps, InProcess?.Rps);
}
