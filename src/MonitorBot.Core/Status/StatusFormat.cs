using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Status;

/// <summary>Invariant, deterministic formatting shared by the status rules and renderers.</summary>
public static class StatusFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Display name of a series: "Terbium oxide (Tb4O7)", "Dysprosium oxide (Dy2O3)", "NdPr oxide", else the id.</summary>
    public static string SeriesName(string seriesId) => seriesId switch
    {
        SeriesIds.TerbiumOxide => "Terbium oxide (Tb4O7)",
        SeriesIds.DysprosiumOxide => "Dysprosium oxide (Dy2O3)",
        SeriesIds.NdPrOxide => "NdPr oxide",
        SeriesIds.ChinaImportsFromMyanmar => "China imports from Myanmar",
        _ => seriesId,
    };

    /// <summary>"6,550", "1,665.5", "0.12".</summary>
    public static string Number(double value) => value.ToString("#,##0.##", Inv);

    /// <summary>Whole tonnes: "2,830".</summary>
    public static string Tonnes(double value) => value.ToString("#,##0", Inv) + " t";

    /// <summary>"+21.9%", "-3.2%", "0.0%".</summary>
    public static string Pct(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0.0%" : rounded.ToString("+0.0;-0.0", Inv) + "%";
    }

    /// <summary>"6,550 CNY/kg" (unit "kg"), "6,550 yuan/kg" (unit already a rate), "12.3 USD".</summary>
    public static string Price(double value, string unit, string currency)
    {
        var number = Number(value);
        unit = unit?.Trim() ?? string.Empty;
        currency = currency?.Trim() ?? string.Empty;
        if (unit.Length == 0)
        {
            return currency.Length == 0 ? number : $"{number} {currency}";
        }

        if (unit.Contains('/', StringComparison.Ordinal))
        {
            return currency.Length == 0 || unit.Contains(currency, StringComparison.OrdinalIgnoreCase)
                ? $"{number} {unit}"
                : $"{number} {unit} ({currency})";
        }

        return currency.Length == 0 ? $"{number} {unit}" : $"{number} {currency}/{unit}";
    }

    /// <summary>"just now", "45 min ago", "5 h ago", "3 d ago", "4 mo ago".</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (age < TimeSpan.FromHours(1))
        {
            return string.Create(Inv, $"{(int)age.TotalMinutes} min ago");
        }

        if (age < TimeSpan.FromDays(1))
        {
            return string.Create(Inv, $"{(int)age.TotalHours} h ago");
        }

        if (age < TimeSpan.FromDays(90))
        {
            return string.Create(Inv, $"{(int)age.TotalDays} d ago");
        }

        return string.Create(Inv, $"{(int)(age.TotalDays / 30)} mo ago");
    }

    /// <summary>"2025-03-24".</summary>
    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", Inv);

    /// <summary>"2025-03-24 12:00 UTC".</summary>
    public static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv) + " UTC";

    /// <summary>A date alone when the time is midnight UTC, else date and time.</summary>
    public static string When(DateTimeOffset time) => time.UtcDateTime.TimeOfDay == TimeSpan.Zero ? Date(time) : DateTime(time);

    /// <summary>"202502" → "2025-02"; "2024" stays; anything else as given.</summary>
    public static string Period(string period) =>
        period is { Length: 6 } && period.All(char.IsAsciiDigit) ? $"{period[..4]}-{period[4..]}" : period;

    /// <summary>Upper-case level: "CRITICAL".</summary>
    public static string Level(SupplyLevel level) => level.ToString().ToUpperInvariant();
}
