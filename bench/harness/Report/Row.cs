namespace Switchyard.Bench.Report;

/// <summary>One server's figures in one scenario; a figure a scenario does not measure stays null.</summary>
public sealed record Figures(double? Rps = null, double? P50Ms = null, double? P99Ms = null, double? RssKb = null, long Errors = 0);

/// <summary>
/// One line of the result table: Switchyard beside workerd, and, where the scenario has one, the bare-Kestrel
/// ceiling for the same bytes. <see cref="RssLabel"/> says what the RSS figure is (process, or per worker).
/// Where the scenario compares them (hello, the tenants' Zipf load), <see cref="InProcess"/> is a second Switchyard
/// running its isolates in the server process (<c>--worker-hosts 0</c>), <see cref="Switchyard"/> the one with worker
/// hosts, measured in the same rounds.
/// </summary>
public sealed record Row(string Key, string Scenario, Figures? Switchyard, Figures? Workerd, Figures? Kestrel = null,
    string? Note = null, string RssLabel = "process", Figures? InProcess = null)
{
    /// <summary>Load rows chart throughput; latency-only rows (cold start, deploy) chart their p50.</summary>
    public bool IsLoad => (Switchyard?.Rps ?? Workerd?.Rps) is not null;

    /// <summary>Throughput with worker hosts over in-process (issue 23's targets: ≥ 0.8); in results.json too.</summary>
    public double? WorkerHostsOverInProcess => Ratio.Of(Switchyard?.Rps, InProcess?.Rps);
}
