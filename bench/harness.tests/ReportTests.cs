using Switchyard.Bench.Scenarios;
using Switchyard.Bench.Report;

namespace Switchyard.Bench.Tests;

public class ReportTests
{
    private static readonly Row[] Rows =
    [
        new("hello", "hello JSON", new(Rps: 30_000, P50Ms: 1, P99Ms: 4, RssKb: 102_400), new(Rps: 10_000, P50Ms: 2, P99Ms: 5, RssKb: 51_200),
            Kestrel: new(Rps: 50_000, P50Ms: 0.5, P99Ms: 2)),
        new("static-2k", "static 2 KB", new(Rps: 30_000, P99Ms: 6), new(Rps: 20_000, P99Ms: 3), Kestrel: new(Rps: 40_000)),
        new("dispatch", "dispatch", new(Rps: 25_000), null, Note: "a|b\nc"),
        new("cold-start", "cold start", new(P50Ms: 4.2, P99Ms: 9, RssKb: 900), new(P50Ms: 1, P99Ms: 2, RssKb: 1500), RssLabel: "per worker"),
    ];

    [Fact]
    public void Targets_compare_against_workerd_kestrel_and_the_issue_thresholds()
    {
        Row burst = new("cold-start-burst", "cold start, back to back", new(P50Ms: 6.5, P99Ms: 12), new(P50Ms: 0.5, P99Ms: 1.5));
        var targets = Targets.Evaluate([.. Rows, burst]).ToDictionary(t => t.Goal);
        Assert.Equal((true, "3.00×"), (targets["hello req/s ≥ 3× workerd"].Met, targets["hello req/s ≥ 3× workerd"].Measured));
        Assert.Equal((true, "60 %"), (targets["hello req/s ≥ 50 % of the Kestrel ceiling"].Met, targets["hello req/s ≥ 50 % of the Kestrel ceiling"].Measured));
        Assert.False(targets["p99 below workerd's (every load scenario)"].Met); // static 2 KB: 6 ms against 3 ms
        Assert.Equal((true, "0.83×"), (targets["dispatch req/s ≥ 0.6× direct hello (Switchyard)"].Met,
            targets["dispatch req/s ≥ 0.6× direct hello (Switchyard)"].Measured));
        Assert.Null(targets["dispatch req/s ≥ 3× workerd's dispatcher"].Met);  // no workerd figure in these rows
        Assert.True(targets["cold start p50 ≤ 5 ms"].Met);
        Assert.Equal((false, "6.50 ms"), (targets["cold start back to back p50 ≤ 5 ms"].Met, targets["cold start back to back p50 ≤ 5 ms"].Measured));
        Assert.True(targets["≤ 2 MB RSS per idle worker"].Met);
        Assert.Equal((false, "75 %"), (targets["static 2 KB req/s ≥ 80 % of the Kestrel ceiling"].Met,
            targets["static 2 KB req/s ≥ 80 % of the Kestrel ceiling"].Measured));
    }

    [Fact]
    public void Many_tenants_are_compared_with_the_hot_worker_and_workerd_and_must_not_fail()
    {
        Row[] rows =
        [
            new("tenants-hot", "one hot worker of 1000", new(Rps: 20_000), new(Rps: 5_000)),
            new("tenants-1000", "1,000 tenants", new(Rps: 12_000, Errors: 0), new(Rps: 5_000)),
            new("tenants-10000", "10,000 tenants", new(Rps: 6_000, Errors: 3), new(Rps: 2_000)),
        ];
        var targets = Targets.Evaluate(rows).ToDictionary(t => t.Goal);
        Assert.Equal((true, "0.60×"), (targets["1,000 tenants req/s ≥ 0.5× one hot worker's"].Met, targets["1,000 tenants req/s ≥ 0.5× one hot worker's"].Measured));
        Assert.Equal((true, "2.40×"), (targets["1,000 tenants req/s ≥ 2× workerd"].Met, targets["1,000 tenants req/s ≥ 2× workerd"].Measured));
        Assert.True(targets["1,000 tenants: no failed request (Switchyard)"].Met);
        Assert.Equal((false, "3 errors"), (targets["10,000 tenants: no failed request (Switchyard)"].Met, targets["10,000 tenants: no failed request (Switchyard)"].Measured));
    }

    [Fact]
    public void Many_tenants_peak_memory_is_checked_against_the_warm_budget_and_the_documented_base()
    {
        double baseKb = ManyTenants.DocumentedBaseKb(workerHosts: 2);
        Assert.Equal(1_100 * 1024, baseKb);  // 0.8 GB + 3 host processes (2 and the spare)
        Assert.Equal(800 * 1024, ManyTenants.DocumentedBaseKb(workerHosts: 0));
        Row[] rows =
        [
            new("tenants-1000", "1,000 tenants", new(Rps: 9_000, PeakRssKb: 2_000 * 1024), null, WarmBudgetKb: 6_144 * 1024, BaseKb: baseKb),
            new("tenants-10000", "10,000 tenants", new(Rps: 1_500, PeakRssKb: 7_300 * 1024), null, WarmBudgetKb: 6_144 * 1024, BaseKb: baseKb),
            new("tenants-20000", "20,000 tenants", null, null, WarmBudgetKb: 6_144 * 1024, BaseKb: baseKb),
        ];
        var targets = Targets.Evaluate(rows).ToDictionary(t => t.Goal);
        Assert.Equal((true, "2,000 MB (budget 6,144 + base 1,100 MB)"),
            (targets["1,000 tenants: peak RSS ≤ warm budget + documented base (Switchyard)"].Met,
             targets["1,000 tenants: peak RSS ≤ warm budget + documented base (Switchyard)"].Measured));
        Assert.Equal((false, "7,300 MB (budget 6,144 + base 1,100 MB)"),
            (targets["10,000 tenants: peak RSS ≤ warm budget + documented base (Switchyard)"].Met,
             targets["10,000 tenants: peak RSS ≤ warm budget + documented base (Switchyard)"].Measured));
        Assert.Null(targets["20,000 tenants: peak RSS ≤ warm budget + documented base (Switchyard)"].Met);
        // Without workerd (past what it can hold) the row still checks Switchyard's own targets.
        Assert.True(targets["10,000 tenants: no failed request (Switchyard)"].Met);
    }

    [Fact]
    public void Worker_hosts_are_compared_with_in_process_in_their_own_table_and_targets()
    {
        Row[] rows =
        [
            new("hello", "hello JSON", new(Rps: 18_000, P50Ms: 1.5, P99Ms: 5, RssKb: 307_200), new(Rps: 10_000),
                InProcess: new(Rps: 24_000, P50Ms: 1, P99Ms: 3, RssKb: 204_800)),
            new("tenants-hot", "one hot worker of 1000", new(Rps: 20_000), new(Rps: 5_000)),
            new("tenants-1000", "1,000 tenants", new(Rps: 9_000), new(Rps: 5_000), InProcess: new(Rps: 10_000, Errors: 2)),
        ];
        Assert.Equal(0.75, rows[0].WorkerHostsOverInProcess);
        Assert.Null(rows[1].WorkerHostsOverInProcess);

        var targets = Targets.Evaluate(rows).ToDictionary(t => t.Goal);
        Assert.Equal((false, "0.75×"), (targets["hello req/s through worker hosts ≥ 0.8× in-process"].Met,
            targets["hello req/s through worker hosts ≥ 0.8× in-process"].Measured));
        Assert.Equal((true, "0.90×"), (targets["1,000 tenants req/s through worker hosts ≥ 0.8× in-process"].Met,
            targets["1,000 tenants req/s through worker hosts ≥ 0.8× in-process"].Measured));

        var table = ResultTable.Render(rows, Targets.Evaluate(rows));
        Assert.Contains("| hello JSON | 18,000 | 24,000 | 0.75× | 1.50 / 5.00 | 1.00 / 3.00 | 300 | 200 |", table);
        Assert.Contains("| 1,000 tenants | 9,000 | 10,000 | 0.90× | – | – | – | – |", table);
        Assert.DoesNotContain("| one hot worker of 1000 | 20,000 | –", table);
        Assert.Contains("Switchyard in-process: 2 errors", table);

        var json = System.Text.Json.JsonSerializer.Serialize(rows[0]);
        Assert.Contains("\"WorkerHostsOverInProcess\":0.75", json);
        Assert.Contains("\"InProcess\":{\"Rps\":24000", json);
    }

    [Fact]
    public void Without_an_in_process_figure_there_is_no_comparison()
    {
        var table = ResultTable.Render(Rows, Targets.Evaluate(Rows));
        Assert.DoesNotContain("worker hosts against in-process", table);
        Assert.Null(Targets.Evaluate(Rows).Single(t => t.Goal == "hello req/s through worker hosts ≥ 0.8× in-process").Met);
    }

    [Fact]
    public void Missing_figures_are_not_measured_rather_than_failed()
    {
        var targets = Targets.Evaluate([new Row("dispatch", "dispatch", null, null, Note: "skipped")]);
        Assert.All(targets, t => Assert.Null(t.Met));
    }

    [Fact]
    public void Table_shows_ratios_ceilings_and_keeps_notes_on_one_cell()
    {
        var table = ResultTable.Render(Rows, Targets.Evaluate(Rows));
        Assert.Contains("| hello JSON | 30,000 | 10,000 | 3.00× | 1.00 / 4.00 | 2.00 / 5.00 | 0.50× | 0.80× | 100 | 50.0 | 2.00× |  |", table);
        Assert.Contains("| hello JSON | 50,000 | 0.50 / 2.00 | 60 % | 20 % |", table);
        Assert.Contains("0.88 (per worker)", table);
        Assert.Contains("a\\|b c |", table);
    }

    [Fact]
    public void Chart_is_an_svg_with_a_bar_per_figure()
    {
        var svg = SvgChart.Render(Rows, "t & t");
        Assert.StartsWith("<svg", svg);
        Assert.Contains("t &amp; t", svg);
        // requests/s: hello 3, static 3, dispatch 1; p99: hello 3 (with Kestrel's), static 2; p50: cold start 2; legend 3.
        Assert.Equal(7 + 5 + 2 + 3, svg.Split("<rect x=").Length - 1);
    }
}
