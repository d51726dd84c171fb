namespace MonitorBot.Core.Model;

/// <summary>
/// One monthly customs line: reporter imports (flow "M") or exports ("X") from a partner for an HS code.
/// <see cref="Period"/> is "YYYYMM" (monthly) or "YYYY" (annual). Weights in kg, values in USD; either may be unknown.
/// Unique per (Reporter, Partner, HsCode, Period, Flow).
/// </summary>
public sealed record TradeFlow(
    int ReporterCode,
    int PartnerCode,
    string HsCode,
    string Period,
    string FlowCode,
    double? NetWeightKg,
    double? ValueUsd,
    string Source,
    DateTimeOffset FetchedAt)
{
    /// <summary>First day of the period, UTC.</summary>
    public DateTimeOffset PeriodStart => TradePeriod.Start(Period);
}

public static class TradePeriod
{
    /// <summary>Parses "YYYYMM" or "YYYY" to the first instant of the period (UTC).</summary>
    public static DateTimeOffset Start(string period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var year = int.Parse(period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
        var month = period.Length >= 6 ? int.Parse(period.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture) : 1;
        return new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public static string Monthly(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same month one year earlier ("202502" → "202402").</summary>
    public static string YearEarlier(string period) => Monthly(Start(period).AddYears(-1));
}
