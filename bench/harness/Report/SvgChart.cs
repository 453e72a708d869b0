using System.Globalization;
using System.Net;
using System.Text;

namespace Switchyard.Bench.Report;

/// <summary>
/// A plain SVG bar chart, three panels side by side: throughput and p99 of the load scenarios, and p50 of the
/// latency-only ones (cold start, deploy); Switchyard, workerd and the Kestrel ceiling as grouped bars.
/// </summary>
public static class SvgChart
{
    private const int PanelWidth = 380, Label = 150, BarHeight = 12, GroupGap = 14, Top = 50;
    private static readonly (string Name, string Color, Func<Row, Figures?> Pick)[] Series =
    [
        ("Switchyard", "#2b6cb0", r => r.Switchyard),
        ("workerd", "#dd6b20", r => r.Workerd),
        ("Kestrel ceiling", "#a0aec0", r => r.Kestrel),
    ];

    public static string Render(IReadOnlyList<Row> rows, string title)
    {
        var load = rows.Where(r => r.IsLoad).ToList();
        var latency = rows.Where(r => !r.IsLoad && (r.Switchyard?.P50Ms ?? r.Workerd?.P50Ms) is not null).ToList();
        var panels = new (string Title, IReadOnlyList<Row> Rows, Func<Figures, double?> Value)[]
        {
            ("requests/s (higher is better)", load, f => f.Rps),
            ("p99 latency, ms (lower is better)", load, f => f.P99Ms),
            ("p50 latency, ms (lower is better)", latency, f => f.P50Ms),
        };
        var groupHeight = Series.Length * BarHeight + GroupGap;
        var height = Top + Math.Max(load.Count, latency.Count) * groupHeight + 40;
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PanelWidth * panels.Length}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(Invariant($"<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>"));
        for (var s = 0; s < Series.Length; s++)
            svg.AppendLine(Invariant($"<rect x=\"{10 + s * 130}\" y=\"{height - 22}\" width=\"10\" height=\"10\" fill=\"{Series[s].Color}\"/><text x=\"{24 + s * 130}\" y=\"{height - 13}\">{Series[s].Name}</text>"));

        for (var p = 0; p < panels.Length; p++)
        {
            var (panelTitle, panelRows, value) = panels[p];
            var x0 = p * PanelWidth;
            svg.AppendLine(Invariant($"<text x=\"{x0 + 10}\" y=\"{Top - 14}\" font-weight=\"bold\">{panelTitle}</text>"));
            var max = panelRows.SelectMany(r => Series.Select(s => s.Pick(r) is { } f ? value(f) : null)).Max() ?? 0;
            var scale = max > 0 ? (PanelWidth - Label - 70) / max : 0;
            for (var i = 0; i < panelRows.Count; i++)
            {
                var y = Top + i * groupHeight;
                svg.AppendLine(Invariant($"<text x=\"{x0 + Label - 6}\" y=\"{y + BarHeight + 4}\" text-anchor=\"end\">{WebUtility.HtmlEncode(panelRows[i].Scenario)}</text>"));
                for (var s = 0; s < Series.Length; s++)
                {
                    if (Series[s].Pick(panelRows[i]) is not { } figures || value(figures) is not { } v) continue;
                    var by = y + s * BarHeight;
                    svg.AppendLine(Invariant($"<rect x=\"{x0 + Label}\" y=\"{by}\" width=\"{Math.Max(1, v * scale):0.0}\" height=\"{BarHeight - 2}\" fill=\"{Series[s].Color}\"/>"));
                    svg.AppendLine(Invariant($"<text x=\"{x0 + Label + v * scale + 4:0.0}\" y=\"{by + BarHeight - 3}\" font-size=\"9\">{Ratio.Number(v)}</text>"));
                }
            }
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
