using System.Globalization;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Core.Detection;

/// <summary>
/// Trade collapse: the latest month's import tonnes versus the same month a year earlier (y/y) and versus
/// the mean of the trailing months before it. A fall of at least the critical percentage is critical
/// (2025-02: 311 t vs 2,830 t a year earlier = −89% → critical); of the warning percentage, a warning.
/// A missing year-earlier month leaves only the trailing test. Only declines alert (a surge is a restart,
/// not a supply risk). Pure: months and time are passed in.
/// </summary>
public static class TradeCollapseDetector
{
    /// <param name="months">Monthly totals in any order (newest first as <see cref="IStatusReader"/> gives them, or oldest first as
    /// <see cref="IPriceHistory.GetTradeMonthsAsync"/> does): they are ordered by period here; months starting after
    /// <paramref name="now"/> are ignored; for a repeated period the last one in the list wins.</param>
    /// <param name="currentlyFiring">True when the fingerprint is firing: it then clears only when every decline is below threshold × ClearRatio.</param>
    public static DetectorResult Evaluate(IReadOnlyList<TradeMonth> months, TradeRuleOptions rule, DateTimeOffset now, bool currentlyFiring = false) =>
        Evaluate(months, rule, now, currentlyFiring ? AlertSeverity.Warning : null);

    /// <param name="firingSeverity">The severity the fingerprint is firing at (null when not firing): hysteresis on both steps.
    /// A firing alert clears only when every decline is below warning × ClearRatio; a critical one steps down to warning only
    /// when every decline is below critical − (critical − warning) × ClearRatio (80/50 and 0.5: below 65%), so a month
    /// hovering at the critical line does not flap.</param>
    public static DetectorResult Evaluate(IReadOnlyList<TradeMonth> months, TradeRuleOptions rule, DateTimeOffset now, AlertSeverity? firingSeverity)
    {
        var currentlyFiring = firingSeverity is not null;
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(rule);
        var fingerprint = Signal.MakeFingerprint(rule.Id, rule.SeriesId);

        var byPeriod = new SortedDictionary<string, TradeMonth>(StringComparer.Ordinal);
        foreach (var m in months)
        {
            if (m is null || string.IsNullOrEmpty(m.Period) || m.Period.Length < 6 || !double.IsFinite(m.NetWeightTonnes) || m.NetWeightTonnes < 0)
            {
                continue;
            }

            if (TradePeriod.Start(m.Period) <= now)
            {
                byPeriod[m.Period[..6]] = m;
            }
        }

        if (byPeriod.Count == 0)
        {
            return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, null, 0, "Imports: insufficient data",
                "insufficient data: no monthly import figures", "", now, rule.SeriesId, null));
        }

        var latest = byPeriod.Last().Value;
        var latestStart = TradePeriod.Start(latest.Period);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["period"] = latest.Period,
            ["tonnes"] = Format.Raw(latest.NetWeightTonnes),
        };

        // Year on year.
        double? yoy = null;
        byPeriod.TryGetValue(TradePeriod.YearEarlier(latest.Period), out var yearEarlier);
        if (yearEarlier is { NetWeightTonnes: > 0 })
        {
            yoy = (latest.NetWeightTonnes / yearEarlier.NetWeightTonnes - 1) * 100;
            facts["year_earlier_tonnes"] = Format.Raw(yearEarlier.NetWeightTonnes);
            facts["pct_yoy"] = Format.Fixed(yoy.Value, 2);
        }

        // Trailing mean of the months in [latest - N months, latest).
        double? trailing = null;
        var windowStart = latestStart.AddMonths(-rule.TrailingMonths);
        var trailingMonths = byPeriod.Values
            .Where(m => TradePeriod.Start(m.Period) >= windowStart && TradePeriod.Start(m.Period) < latestStart)
            .ToList();
        double? trailingMean = null;
        if (trailingMonths.Count >= rule.MinTrailingMonths)
        {
            trailingMean = trailingMonths.Average(m => m.NetWeightTonnes);
            if (trailingMean > 0)
            {
                trailing = (latest.NetWeightTonnes / trailingMean.Value - 1) * 100;
                facts["trailing_mean_tonnes"] = Format.Fixed(trailingMean.Value, 1);
                facts["trailing_months"] = trailingMonths.Count.ToString(CultureInfo.InvariantCulture);
                facts["pct_vs_trailing"] = Format.Fixed(trailing.Value, 2);
            }
        }

        var tonnes = $"{Format.Num(latest.NetWeightTonnes)} t in {Label(latest.Period)}";
        var parts = new List<string>();
        if (yoy is { } y)
        {
            parts.Add($"{Format.Pct(y)} y/y vs {Format.Num(yearEarlier!.NetWeightTonnes)} t in {Label(yearEarlier.Period)}");
        }
        else
        {
            parts.Add($"y/y n/a (no figure for {Label(TradePeriod.YearEarlier(latest.Period))})");
        }

        if (trailing is { } t)
        {
            parts.Add($"{Format.Pct(t)} vs the {trailingMonths.Count}-month trailing mean {Format.Num(Math.Round(trailingMean!.Value))} t");
        }
        else
        {
            parts.Add($"trailing test n/a ({trailingMonths.Count} of {rule.MinTrailingMonths} months needed)");
        }

        var measured = string.Join("; ", parts);
        var source = latest.Source;
        if (yoy is null && trailing is null)
        {
            return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, null, 0, "Imports: insufficient data",
                $"insufficient data: {tonnes}; {measured}", source, latestStart, rule.SeriesId, facts));
        }

        var yoyDecline = yoy is { } a ? Math.Max(-a, 0) : 0;
        var trailingDecline = trailing is { } b ? Math.Max(-b, 0) : 0;
        var score = Math.Clamp(Math.Max(yoyDecline / rule.YoYDeclineCriticalPct, trailingDecline / rule.TrailingDeclineCriticalPct), 0, 1);
        facts["score"] = Format.Fixed(score, 3);

        AlertSeverity? severity = Max(
            Level(yoyDecline, rule.YoYDeclineWarningPct, rule.YoYDeclineCriticalPct),
            Level(trailingDecline, rule.TrailingDeclineWarningPct, rule.TrailingDeclineCriticalPct));

        var headline = yoy is { } yy ? $"{Format.Pct(yy)} y/y" : $"{Format.Pct(trailing!.Value)} vs trailing mean";
        if (firingSeverity == AlertSeverity.Critical && severity != AlertSeverity.Critical
            && (yoyDecline >= StepDown(rule.YoYDeclineWarningPct, rule.YoYDeclineCriticalPct, rule.ClearRatio)
                || trailingDecline >= StepDown(rule.TrailingDeclineWarningPct, rule.TrailingDeclineCriticalPct, rule.ClearRatio)))
        {
            return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, AlertSeverity.Critical, score,
                $"China imports from Myanmar still collapsed: {Format.Num(latest.NetWeightTonnes)} t in {Label(latest.Period)} ({headline})",
                $"{tonnes}: {measured}. Still critical (hysteresis): decline not yet below {Format.Num(StepDown(rule.YoYDeclineWarningPct, rule.YoYDeclineCriticalPct, rule.ClearRatio))}% (y/y) "
                + $"and {Format.Num(StepDown(rule.TrailingDeclineWarningPct, rule.TrailingDeclineCriticalPct, rule.ClearRatio))}% (trailing), rule {rule.Id}.",
                source, latestStart, rule.SeriesId, facts));
        }

        if (severity is not null)
        {
            return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, severity, score,
                $"China imports from Myanmar collapse: {Format.Num(latest.NetWeightTonnes)} t in {Label(latest.Period)} ({headline})",
                $"{tonnes}: {measured}. {severity}: decline ≥ {Format.Num(severity == AlertSeverity.Critical ? rule.YoYDeclineCriticalPct : rule.YoYDeclineWarningPct)}% "
                + $"(y/y) or ≥ {Format.Num(severity == AlertSeverity.Critical ? rule.TrailingDeclineCriticalPct : rule.TrailingDeclineWarningPct)}% (trailing), rule {rule.Id}.",
                source, latestStart, rule.SeriesId, facts));
        }

        if (currentlyFiring
            && (yoyDecline >= rule.YoYDeclineWarningPct * rule.ClearRatio || trailingDecline >= rule.TrailingDeclineWarningPct * rule.ClearRatio))
        {
            return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, AlertSeverity.Warning, score,
                $"China imports from Myanmar still depressed: {Format.Num(latest.NetWeightTonnes)} t in {Label(latest.Period)} ({headline})",
                $"{tonnes}: {measured}. Still firing (hysteresis): decline not yet below warning × {Format.Num(rule.ClearRatio)}.",
                source, latestStart, rule.SeriesId, facts));
        }

        return One(new Signal(fingerprint, rule.Id, AlertTopics.Trade, null, score,
            $"China imports from Myanmar: {Format.Num(latest.NetWeightTonnes)} t in {Label(latest.Period)}",
            $"{tonnes}: {measured}. No collapse.", source, latestStart, rule.SeriesId, facts));
    }

    private static DetectorResult One(Signal signal) => new([signal]);

    /// <summary>The decline below which a critical alert steps down to warning.</summary>
    private static double StepDown(double warning, double critical, double clearRatio) => critical - (critical - warning) * clearRatio;

    private static AlertSeverity? Level(double decline, double warning, double critical) =>
        decline >= critical ? AlertSeverity.Critical : decline >= warning ? AlertSeverity.Warning : null;

    private static AlertSeverity? Max(AlertSeverity? a, AlertSeverity? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);

    private static string Label(string period) => $"{period[..4]}-{period.Substring(4, 2)}";
}
