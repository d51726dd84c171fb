using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>One input row of a backtest, scored.</summary>
/// <param name="Score">The rule's anomaly score in [0, 1] (0 for an unusable value).</param>
/// <param name="Severity">The detector's severity at this row (with hysteresis); null = not holding.</param>
/// <param name="Firing">Whether the alert is firing after this row (lifecycle applied).</param>
/// <param name="Usable">False when the value was skipped (non-positive, non-finite, or a duplicate time).</param>
/// <param name="Measures">The fixed measures at this row (null when skipped).</param>
/// <param name="Adaptive">The adaptive score and its parts at this row (null when skipped or the rule does not use it).</param>
/// <param name="FixedScore">The fixed-threshold part of <paramref name="Score"/> (0 when the rule does not use fixed thresholds).</param>
/// <param name="Skipped">Why the row was skipped, when it was.</param>
public sealed record BacktestRow(
    DateTimeOffset Time,
    double Value,
    double Score,
    AlertSeverity? Severity,
    bool Firing,
    bool Usable,
    PriceMeasures? Measures = null,
    AdaptivePoint? Adaptive = null,
    double FixedScore = 0,
    string? Skipped = null);

/// <summary>An alert that would have been sent (Fired or Escalated; reminders are not listed).</summary>
public sealed record BacktestAlert(DateTimeOffset Time, double Value, AlertSeverity Severity, string Reason, NotifyKind Kind);

/// <summary>A backtest run: one row per input row (ordered by time) and the alerts that would have fired.</summary>
/// <param name="Resolutions">Times at which a firing alert would have resolved.</param>
public sealed record BacktestResult(
    string SeriesId,
    string RuleId,
    IReadOnlyList<BacktestRow> Rows,
    IReadOnlyList<BacktestAlert> Alerts,
    IReadOnlyList<DateTimeOffset> Resolutions);

/// <summary>
/// Replays a price rule over a history, row by row, as the live monitor would have evaluated it:
/// detector (with hysteresis) then the alert lifecycle, so a long move fires once rather than on every row.
/// </summary>
public static class PriceBacktest
{
    /// <param name="series">Rows in any order (sorted by time here; for equal times the later row wins).</param>
    /// <param name="lifecycle">Lifecycle settings (pending, cooldown); defaults when null.</param>
    public static BacktestResult Run(
        IReadOnlyList<(DateTimeOffset Time, double Value)> series,
        PriceRuleOptions rule,
        LifecycleOptions? lifecycle = null,
        string seriesId = "series")
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rule);
        lifecycle ??= new LifecycleOptions();

        var order = Enumerable.Range(0, series.Count)
            .OrderBy(i => series[i].Time)
            .ThenBy(i => i)
            .ToArray();

        // The usable points, one per time (the last row of a time wins), and each usable row's index in them.
        var clean = new List<(DateTimeOffset Time, double Value)>(series.Count);
        var cleanIndexOfRow = new int[series.Count];
        for (var k = 0; k < order.Length; k++)
        {
            var (time, value) = series[order[k]];
            var usable = double.IsFinite(value) && value > 0;
            var laterSameTime = k + 1 < order.Length && series[order[k + 1]].Time == time
                && double.IsFinite(series[order[k + 1]].Value) && series[order[k + 1]].Value > 0;
            if (!usable || laterSameTime)
            {
                cleanIndexOfRow[k] = -1;
                continue;
            }

            clean.Add((time, value));
            cleanIndexOfRow[k] = clean.Count - 1;
        }

        var adaptive = rule.UsesAdaptive ? PriceMoveDetector.AdaptiveAll(clean, rule) : null;
        var rows = new List<BacktestRow>(series.Count);
        var alerts = new List<BacktestAlert>();
        var resolutions = new List<DateTimeOffset>();
        AlertState? state = null;
        for (var k = 0; k < order.Length; k++)
        {
            var (time, value) = series[order[k]];
            var index = cleanIndexOfRow[k];
            if (index < 0)
            {
                var why = !double.IsFinite(value) ? "not a finite number" : value <= 0 ? "not positive" : "a later row has the same time";
                rows.Add(new BacktestRow(time, value, 0, null, state?.IsFiring ?? false, Usable: false, Skipped: why));
                continue;
            }

            var point = adaptive?[index];
            var signal = PriceMoveDetector.EvaluateAt(seriesId, clean, index, rule, state?.IsFiring ?? false, "backtest", null, point);
            var outcome = AlertLifecycle.Apply(state, signal, time, lifecycle);
            state = outcome.Next;
            foreach (var action in outcome.Actions)
            {
                switch (action.Kind)
                {
                    case NotifyKind.Fired:
                    case NotifyKind.Escalated:
                        alerts.Add(new BacktestAlert(time, value, action.Severity, signal.Reason, action.Kind));
                        break;
                    case NotifyKind.Resolved:
                        resolutions.Add(time);
                        break;
                    default:
                        break;
                }
            }

            var measures = PriceMoveDetector.Measure(clean, index, rule);
            var fixedScore = rule.UsesFixed ? PriceMoveDetector.AnomalyScore(measures, rule) : 0;
            rows.Add(new BacktestRow(time, value, signal.Score, signal.Severity, state?.IsFiring ?? false, Usable: true, measures, point, fixedScore));
        }

        return new BacktestResult(seriesId, rule.Id, rows, alerts, resolutions);
    }
}
