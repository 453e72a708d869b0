using System.Globalization;

namespace Switchyard.Bench.Report;

/// <summary>Ratios and number formatting for the tables (invariant culture, fixed significant digits).</summary>
public static class Ratio
{
    public static double? Of(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 ? n / d : null;

    public static string Format(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";

    public static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>Three significant digits for small values, thousands separators for large ones.</summary>
    public static string Number(double? value) => value switch
    {
        null => "–",
        >= 1000 => value.Value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string Megabytes(double? kb) => kb is { } k ? Number(k / 1024) : "–";
}
