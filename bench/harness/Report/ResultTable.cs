using System.Text;

namespace Switchyard.Bench.Report;

/// <summary>
/// The Markdown tables the harness prints and bench/README.md carries: results, ceiling, worker hosts against
/// in-process, targets.
/// </summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<Row> rows, IReadOnlyList<Target> targets)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | Switchyard req/s | workerd req/s | req/s ratio | Switchyard p50 / p99 ms | workerd p50 / p99 ms | p50 ratio | p99 ratio | Switchyard RSS MB | workerd RSS MB | RSS ratio | note |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var row in rows)
        {
            Figures s = row.Switchyard ?? new(), w = row.Workerd ?? new();
            var rss = row.RssLabel == "process" ? "" : $" ({row.RssLabel})";
            text.AppendLine(string.Join(" | ",
                "| " + row.Scenario,
                Ratio.Number(s.Rps), Ratio.Number(w.Rps), Ratio.Format(Ratio.Of(s.Rps, w.Rps)),
                Latency(s), Latency(w),
                Ratio.Format(Ratio.Of(s.P50Ms, w.P50Ms)), Ratio.Format(Ratio.Of(s.P99Ms, w.P99Ms)),
                Ratio.Megabytes(s.RssKb) + (s.RssKb is null ? "" : rss), Ratio.Megabytes(w.RssKb) + (w.RssKb is null ? "" : rss),
                Ratio.Format(Ratio.Of(s.RssKb, w.RssKb)),
                Note(row) + " |"));
        }

        var ceilings = rows.Where(r => r.Kestrel is not null).ToList();
        if (ceilings.Count > 0)
        {
            text.AppendLine().AppendLine("| machine ceiling (bare Kestrel, same body sizes) | req/s | p50 / p99 ms | Switchyard / Kestrel | workerd / Kestrel |");
            text.AppendLine("|---|--:|--:|--:|--:|");
            foreach (var row in ceilings)
                text.AppendLine($"| {row.Scenario} | {Ratio.Number(row.Kestrel!.Rps)} | {Latency(row.Kestrel)} | " +
                                $"{Ratio.Percent(Ratio.Of(row.Switchyard?.Rps, row.Kestrel.Rps))} | {Ratio.Percent(Ratio.Of(row.Workerd?.Rps, row.Kestrel.Rps))} |");
        }

        // Issue 23: the same server with its isolates in worker host processes and in its own, in the same rounds.
        var compared = rows.Where(r => r.InProcess is not null).ToList();
        if (compared.Count > 0)
        {
            text.AppendLine().AppendLine("| Switchyard: worker hosts against in-process (`--worker-hosts 0`) | worker hosts req/s | in-process req/s | worker hosts / in-process | worker hosts p50 / p99 ms | in-process p50 / p99 ms | worker hosts RSS MB | in-process RSS MB |");
            text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var row in compared)
            {
                Figures s = row.Switchyard ?? new(), i = row.InProcess!;
                text.AppendLine($"| {row.Scenario} | {Ratio.Number(s.Rps)} | {Ratio.Number(i.Rps)} | {Ratio.Format(row.WorkerHostsOverInProcess)} | " +
                                $"{Latency(s)} | {Latency(i)} | {Ratio.Megabytes(s.RssKb)} | {Ratio.Megabytes(i.RssKb)} |");
            }
        }

        text.AppendLine().AppendLine("| target | measured | met |").AppendLine("|---|---|---|");
        foreach (var target in targets)
            text.AppendLine($"| {target.Goal} | {target.Measured} | {target.Met switch { true => "yes", false => "**no**", null => "not measured" }} |");
        return text.ToString();
    }

    private static string Latency(Figures f) =>
        f.P50Ms is null && f.P99Ms is null ? "–" : $"{Ratio.Number(f.P50Ms)} / {Ratio.Number(f.P99Ms)}";

    private static string Note(Row row)
    {
        var errors = new[] { ("Switchyard", row.Switchyard), ("Switchyard in-process", row.InProcess), ("workerd", row.Workerd) }
            .Where(x => x.Item2?.Errors > 0).Select(x => $"{x.Item1}: {x.Item2!.Errors} errors");
        var note = string.Join("; ", errors.Append(row.Note).Where(n => !string.IsNullOrEmpty(n)));
        return note.ReplaceLineEndings(" ").Replace("|", "\\|");
    }
}
