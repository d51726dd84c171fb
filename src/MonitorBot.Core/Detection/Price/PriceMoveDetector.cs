using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// The three measures of a price rule at one print. A null measure could not be computed
/// (no previous print, no baseline print in range, z-score warming up or flat history).
/// </summary>
/// <param name="PctVsPrevious">Percent change versus the previous print.</param>
/// <param name="PctVsBaseline">Percent change versus the baseline print (newest at or before Time − BaselineDays, not older than 2 × BaselineDays).</param>
/// <param name="ZScore">Robust z of the latest log return versus the median/MAD of up to ZScoreWindow prior returns.</param>
/// <param name="PriorReturns">How many prior returns were available for the z-score.</param>
/// <param name="ZScoreNote">Why <see cref="ZScore"/> is null, when it is.</param>
public sealed record PriceMeasures(
    DateTimeOffset Time,
    double Value,
    DateTimeOffset? PreviousTime,
    double? PreviousValue,
    double? PctVsPrevious,
    DateTimeOffset? BaselineTime,
    double? BaselineValue,
    double? PctVsBaseline,
    double? ZScore,
    int PriorReturns,
    string? ZScoreNote);

/// <summary>
/// Price-move detector: percent change versus the previous print and versus an N-day baseline, and a
/// robust z-score of the latest log return (median and MAD × 1.4826 of prior returns, after a warm-up).
/// Severity is the highest of the three tests; a firing alert clears only when every measure is below
/// its warning threshold × ClearRatio. A flat history (MAD 0) leaves the z-score undefined, so only the
/// percent tests apply and an unchanged print never fires. Pure: history and time are passed in.
/// </summary>
public static class PriceMoveDetector
{
    private const double MadToSigma = 1.4826;

    /// <summary>Evaluates every rule of <paramref name="options"/> that matches the series (one signal per rule).</summary>
    /// <param name="history">Prints of the series, oldest first (any order is tolerated).</param>
    /// <param name="isFiring">Whether a fingerprint is currently firing (for hysteresis); null = none firing.</param>
    public static DetectorResult EvaluateAll(
        string seriesId,
        IReadOnlyList<PriceObservation> history,
        DetectionOptions options,
        DateTimeOffset now,
        Func<string, bool>? isFiring = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var signals = new List<Signal>();
        foreach (var rule in options.RulesFor(seriesId))
        {
            var firing = isFiring?.Invoke(Signal.MakeFingerprint(rule.Id, seriesId)) ?? false;
            signals.AddRange(Evaluate(seriesId, history, rule, now, firing).Signals);
        }

        return new DetectorResult(signals);
    }

    /// <summary>Evaluates one rule on the newest print at or before <paramref name="now"/>.</summary>
    /// <param name="history">Prints of the series, oldest first (any order is tolerated; later prints than now are ignored).</param>
    /// <param name="currentlyFiring">True when this fingerprint is firing now (hysteresis: it then clears only below threshold × ClearRatio).</param>
    public static DetectorResult Evaluate(
        string seriesId,
        IReadOnlyList<PriceObservation> history,
        PriceRuleOptions rule,
        DateTimeOffset now,
        bool currentlyFiring)
    {
        ArgumentNullException.ThrowIfNull(history);
        var points = new List<(DateTimeOffset Time, double Value)>(history.Count);
        PriceObservation? latest = null;
        foreach (var o in history)
        {
            if (o is null)
            {
                continue;
            }

            points.Add((o.Time, o.Value));
            if (o.Time <= now && IsUsable(o.Value) && (latest is null || o.Time >= latest.Time))
            {
                latest = o;
            }
        }

        var unit = latest is null ? null : $"{latest.Currency}/{latest.Unit}".Trim('/');
        return new DetectorResult([Evaluate(seriesId, points, rule, now, currentlyFiring, latest?.Source ?? "", unit)]);
    }

    /// <summary>Evaluates one rule on the newest point at or before <paramref name="now"/>.</summary>
    /// <param name="history">(time, value) points, oldest first (any order is tolerated; non-positive or non-finite values are skipped).</param>
    public static Signal Evaluate(
        string seriesId,
        IReadOnlyList<(DateTimeOffset Time, double Value)> history,
        PriceRuleOptions rule,
        DateTimeOffset now,
        bool currentlyFiring,
        string source = "",
        string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var points = Clean(history, now);
        return points.Count == 0
            ? Insufficient(seriesId, rule, now, source, "insufficient data: no prints")
            : EvaluateAt(seriesId, points, points.Count - 1, rule, currentlyFiring, source, unit);
    }

    /// <summary>
    /// Anomaly score in [0, 1] of the point at <paramref name="index"/> of a clean, time-ordered series:
    /// the largest of |pct vs previous| / critical, |pct vs baseline| / critical and |z| / critical
    /// (respecting the rule's direction), clamped.
    /// </summary>
    public static double AnomalyScore(IReadOnlyList<(DateTimeOffset Time, double Value)> points, int index, PriceRuleOptions rule) =>
        AnomalyScore(Measure(points, index, rule), rule);

    /// <summary>
    /// The rule's combined score in [0, 1]: the fixed score (see <see cref="AnomalyScore(PriceMeasures, PriceRuleOptions)"/>)
    /// when the rule uses fixed thresholds, the adaptive score when it uses it, the larger of the two for both.
    /// </summary>
    public static double CombinedScore(PriceMeasures measures, AdaptivePoint? adaptive, PriceRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var score = rule.UsesFixed ? AnomalyScore(measures, rule) : 0;
        return rule.UsesAdaptive && adaptive is not null ? Math.Max(score, DirectedAdaptive(adaptive, rule)) : score;
    }

    /// <summary>The adaptive score of the point at <paramref name="index"/>, rebuilt from at most AdaptiveHistoryPoints prior points.</summary>
    public static AdaptivePoint Adaptive(IReadOnlyList<(DateTimeOffset Time, double Value)> points, int index, PriceRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return AdaptiveAnomaly.ScoreLatest(points, index, rule.AdaptiveHistoryPoints, rule.AdaptiveWarmupPoints, rule.ZScoreMinSigmaPct / 100);
    }

    /// <summary>Every point's adaptive score in one pass (what a backtest uses), with the rule's warm-up and scale floor.</summary>
    public static AdaptivePoint[] AdaptiveAll(IReadOnlyList<(DateTimeOffset Time, double Value)> points, PriceRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return AdaptiveAnomaly.ScoreAll(points, rule.AdaptiveWarmupPoints, rule.ZScoreMinSigmaPct / 100);
    }

    /// <summary>Fixed-threshold score in [0, 1] of computed measures.</summary>
    public static double AnomalyScore(PriceMeasures measures, PriceRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(rule);
        var score = 0.0;
        score = Math.Max(score, Directed(measures.PctVsPrevious, rule) / rule.PctVsPreviousCritical);
        score = Math.Max(score, Directed(measures.PctVsBaseline, rule) / rule.PctVsBaselineCritical);
        score = Math.Max(score, Directed(measures.ZScore, rule) / rule.ZScoreCritical);
        return double.IsFinite(score) ? Math.Clamp(score, 0, 1) : 0;
    }

    /// <summary>
    /// The measures at <paramref name="index"/> of a series that is already clean: ordered by time,
    /// one point per time, positive finite values (see <see cref="Clean"/>).
    /// </summary>
    public static PriceMeasures Measure(IReadOnlyList<(DateTimeOffset Time, double Value)> points, int index, PriceRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, points.Count);

        var (time, value) = points[index];
        DateTimeOffset? prevTime = null;
        double? prevValue = null, pctPrev = null;
        if (index > 0)
        {
            (var pt, var pv) = points[index - 1];
            prevTime = pt;
            prevValue = pv;
            pctPrev = (value / pv - 1) * 100;
        }

        DateTimeOffset? baseTime = null;
        double? baseValue = null, pctBase = null;
        if (rule.BaselineDays > 0 && time.UtcTicks > TimeSpan.FromDays(2.0 * rule.BaselineDays).Ticks)
        {
            var cutoff = time.AddDays(-rule.BaselineDays);
            var oldest = time.AddDays(-2.0 * rule.BaselineDays);
            for (var j = index - 1; j >= 0; j--)
            {
                if (points[j].Time <= cutoff)
                {
                    if (points[j].Time >= oldest)
                    {
                        baseTime = points[j].Time;
                        baseValue = points[j].Value;
                        pctBase = (value / points[j].Value - 1) * 100;
                    }

                    break;
                }
            }
        }

        // Prior returns r_k = ln(v_k / v_{k-1}) for k in [index - window, index - 1].
        double? z = null;
        string? note = null;
        var window = Math.Max(rule.ZScoreWindow, 2);
        var first = Math.Max(1, index - window);
        var prior = index - first;
        if (index == 0)
        {
            note = "no return yet";
        }
        else if (prior < rule.WarmupPoints)
        {
            note = $"warming up ({prior}/{rule.WarmupPoints} prior returns)";
        }
        else
        {
            var returns = new double[prior];
            for (var k = first; k < index; k++)
            {
                returns[k - first] = Math.Log(points[k].Value / points[k - 1].Value);
            }

            var median = Median(returns);
            for (var k = 0; k < returns.Length; k++)
            {
                returns[k] = Math.Abs(returns[k] - median);
            }

            var mad = Median(returns);
            if (mad <= 0)
            {
                note = "flat history (MAD 0): z-score undefined";
            }
            else
            {
                var sigma = Math.Max(MadToSigma * mad, Math.Log(1 + rule.ZScoreMinSigmaPct / 100));
                z = (Math.Log(value / prevValue!.Value) - median) / sigma;
            }
        }

        return new PriceMeasures(time, value, prevTime, prevValue, pctPrev, baseTime, baseValue, pctBase, z, prior, note);
    }

    /// <summary>
    /// Orders points by time, keeps the last point of each time, and drops points after
    /// <paramref name="upTo"/> and non-positive or non-finite values.
    /// </summary>
    public static List<(DateTimeOffset Time, double Value)> Clean(IReadOnlyList<(DateTimeOffset Time, double Value)> history, DateTimeOffset? upTo = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var sorted = history
            .Select((p, i) => (p.Time, p.Value, i))
            .Where(p => IsUsable(p.Value) && (upTo is null || p.Time <= upTo))
            .OrderBy(p => p.Time)
            .ThenBy(p => p.i)
            .ToList();
        var clean = new List<(DateTimeOffset Time, double Value)>(sorted.Count);
        foreach (var (time, value, _) in sorted)
        {
            if (clean.Count > 0 && clean[^1].Time == time)
            {
                clean[^1] = (time, value);
            }
            else
            {
                clean.Add((time, value));
            }
        }

        return clean;
    }

    /// <summary>Evaluates the point at <paramref name="index"/> of a clean series (see <see cref="Clean"/>).</summary>
    internal static Signal EvaluateAt(
        string seriesId,
        IReadOnlyList<(DateTimeOffset Time, double Value)> points,
        int index,
        PriceRuleOptions rule,
        bool currentlyFiring,
        string source,
        string? unit,
        AdaptivePoint? adaptive = null)
    {
        var m = Measure(points, index, rule);
        if (rule.UsesAdaptive)
        {
            adaptive ??= Adaptive(points, index, rule);
        }
        else
        {
            adaptive = null;
        }

        var score = CombinedScore(m, adaptive, rule);
        var facts = Facts(m, adaptive, score, unit);
        var fingerprint = Signal.MakeFingerprint(rule.Id, seriesId);
        var valueText = unit is null ? Format.Num(m.Value) : $"{Format.Num(m.Value)} {unit}";

        if (m.PctVsPrevious is null && m.PctVsBaseline is null && m.ZScore is null)
        {
            return new Signal(fingerprint, rule.Id, AlertTopics.Price, null, 0, $"{seriesId}: insufficient data",
                $"insufficient data: {index + 1} print(s), nothing to compare {valueText} with", source, m.Time, seriesId, facts);
        }

        var tests = Tests(m, adaptive, rule);
        AlertSeverity? severity = null;
        Test? top = null;
        foreach (var t in tests)
        {
            var s = t.Magnitude >= t.Critical ? AlertSeverity.Critical : t.Magnitude >= t.Warning ? AlertSeverity.Warning : (AlertSeverity?)null;
            if (s is not null && (severity is null || s > severity))
            {
                severity = s;
            }

            if (top is null || t.Magnitude / t.Critical > top.Magnitude / top.Critical)
            {
                top = t;
            }
        }

        var measured = string.Join("; ", tests.Select(t => t.Describe()));
        if (rule.UsesFixed && m.ZScore is null && m.ZScoreNote is not null)
        {
            measured = tests.Count == 0 ? $"z-score n/a ({m.ZScoreNote})" : $"{measured}; z-score n/a ({m.ZScoreNote})";
        }

        if (adaptive?.Note is { } adaptiveNote)
        {
            measured = measured.Length == 0 ? $"adaptive score n/a ({adaptiveNote})" : $"{measured}; adaptive score n/a ({adaptiveNote})";
        }

        if (severity is not null)
        {
            var firing = tests.Where(t => t.Magnitude >= t.Warning).Select(t => t.Name);
            return new Signal(fingerprint, rule.Id, AlertTopics.Price, severity, score,
                $"{seriesId} {top!.Headline()}",
                $"{valueText} at {Format.Date(m.Time)}: {measured}. Fired by {string.Join(", ", firing)} ({severity} thresholds of rule {rule.Id}).",
                source, m.Time, seriesId, facts);
        }

        if (currentlyFiring)
        {
            var holding = tests.Where(t => t.Magnitude >= t.Warning * rule.ClearRatio).ToList();
            if (holding.Count > 0)
            {
                return new Signal(fingerprint, rule.Id, AlertTopics.Price, AlertSeverity.Warning, score,
                    $"{seriesId} {holding.OrderByDescending(t => t.Magnitude / t.Critical).First().Headline()}",
                    $"{valueText} at {Format.Date(m.Time)}: {measured}. Still firing (hysteresis): {string.Join(", ", holding.Select(t => t.Name))} "
                    + $"not yet below warning × {Format.Num(rule.ClearRatio)}.",
                    source, m.Time, seriesId, facts);
            }

            return new Signal(fingerprint, rule.Id, AlertTopics.Price, null, score, $"{seriesId}: move over",
                $"{valueText} at {Format.Date(m.Time)}: {measured}. Every measure below warning × {Format.Num(rule.ClearRatio)}: cleared.",
                source, m.Time, seriesId, facts);
        }

        return new Signal(fingerprint, rule.Id, AlertTopics.Price, null, score, $"{seriesId}: no unusual move",
            $"{valueText} at {Format.Date(m.Time)}: {measured}. Below thresholds.", source, m.Time, seriesId, facts);
    }

    private static Signal Insufficient(string seriesId, PriceRuleOptions rule, DateTimeOffset now, string source, string reason) =>
        new(Signal.MakeFingerprint(rule.Id, seriesId), rule.Id, AlertTopics.Price, null, 0, $"{seriesId}: insufficient data",
            reason, source, now, seriesId, null);

    private static List<Test> Tests(PriceMeasures m, AdaptivePoint? adaptive, PriceRuleOptions rule)
    {
        var tests = new List<Test>(4);
        if (rule.UsesAdaptive && adaptive is { Note: null })
        {
            var magnitude = Rarity(DirectedAdaptive(adaptive, rule));
            tests.Add(new Test("adaptive-score", adaptive.Residual, magnitude, Rarity(rule.AdaptiveWarning), Rarity(rule.AdaptiveCritical),
                $"adaptive score {Format.Fixed(adaptive.Score, 4)} (about 1 in {Format.Num(Math.Round(1 / Math.Max(1 - adaptive.Score, 1e-6)))} points here are this surprising; "
                + $"surprise {Format.Fixed(adaptive.Surprise, 1)} sigma, window {Format.Fixed(adaptive.WindowSurprise, 1)}, long {Format.Fixed(adaptive.LongSurprise, 1)}, profile {adaptive.Profile})",
                "for this series", Kind: TestKind.Adaptive, Score: adaptive.Score, WarningScore: rule.AdaptiveWarning, CriticalScore: rule.AdaptiveCritical));
        }

        if (!rule.UsesFixed)
        {
            return tests;
        }

        if (m.PctVsPrevious is { } pp)
        {
            tests.Add(new Test("pct-vs-previous", pp, Directed(pp, rule), rule.PctVsPreviousWarning, rule.PctVsPreviousCritical,
                $"{Format.Pct(pp)} vs previous {Format.Num(m.PreviousValue!.Value)} ({Format.Date(m.PreviousTime!.Value)})",
                "vs previous print", TestKind.Percent));
        }

        if (m.PctVsBaseline is { } pb)
        {
            tests.Add(new Test("pct-vs-baseline", pb, Directed(pb, rule), rule.PctVsBaselineWarning, rule.PctVsBaselineCritical,
                $"{Format.Pct(pb)} vs {rule.BaselineDays}-day baseline {Format.Num(m.BaselineValue!.Value)} ({Format.Date(m.BaselineTime!.Value)})",
                $"vs {rule.BaselineDays}-day baseline", TestKind.Percent));
        }

        if (m.ZScore is { } z)
        {
            tests.Add(new Test("z-score", z, Directed(z, rule), rule.ZScoreWarning, rule.ZScoreCritical,
                $"z {Format.Fixed(z, 1)} over {m.PriorReturns} returns", $"z-score {Format.Fixed(z, 1)}", TestKind.ZScore));
        }

        // A missing z-score (warm-up, flat history) never fires and never holds an alert; its note is in the facts.
        return tests;
    }

    private static Dictionary<string, string> Facts(PriceMeasures m, AdaptivePoint? adaptive, double score, string? unit)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["value"] = Format.Raw(m.Value),
            ["time"] = Format.Iso(m.Time),
            ["score"] = Format.Fixed(score, 3),
            ["prior_returns"] = m.PriorReturns.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (unit is not null)
        {
            facts["unit"] = unit;
        }

        if (m.PctVsPrevious is { } pp)
        {
            facts["previous"] = Format.Raw(m.PreviousValue!.Value);
            facts["previous_time"] = Format.Iso(m.PreviousTime!.Value);
            facts["pct_vs_previous"] = Format.Fixed(pp, 2);
        }

        if (m.PctVsBaseline is { } pb)
        {
            facts["baseline"] = Format.Raw(m.BaselineValue!.Value);
            facts["baseline_time"] = Format.Iso(m.BaselineTime!.Value);
            facts["pct_vs_baseline"] = Format.Fixed(pb, 2);
        }

        if (adaptive is not null)
        {
            facts["adaptive_score"] = Format.Fixed(adaptive.Score, 4);
            facts["adaptive_surprise"] = Format.Fixed(adaptive.Surprise, 2);
            facts["adaptive_profile"] = adaptive.Profile;
            if (adaptive.Note is not null)
            {
                facts["adaptive_note"] = adaptive.Note;
            }
        }

        if (m.ZScore is { } z)
        {
            facts["zscore"] = Format.Fixed(z, 2);
        }
        else if (m.ZScoreNote is not null)
        {
            facts["zscore_note"] = m.ZScoreNote;
        }

        return facts;
    }

    /// <summary>The magnitude that counts for the rule's direction (moves the other way count 0).</summary>
    private static double Directed(double? measure, PriceRuleOptions rule) => measure switch
    {
        null => 0,
        { } v when double.IsNaN(v) => 0,
        { } v => rule.Direction switch
        {
            PriceDirection.Up => Math.Max(v, 0),
            PriceDirection.Down => Math.Max(-v, 0),
            _ => Math.Abs(v),
        },
    };

    private static bool IsUsable(double value) => double.IsFinite(value) && value > 0;

    /// <summary>The adaptive score if the move is in the rule's direction, else 0.</summary>
    private static double DirectedAdaptive(AdaptivePoint adaptive, PriceRuleOptions rule) => rule.Direction switch
    {
        PriceDirection.Up when adaptive.Residual < 0 => 0,
        PriceDirection.Down when adaptive.Residual > 0 => 0,
        _ => adaptive.Score,
    };

    /// <summary>−log10 of the tail probability (0.99 → 2, 0.999 → 3): a scale on which warning × ClearRatio is a meaningful hold level.</summary>
    private static double Rarity(double score) => -Math.Log10(Math.Max(1 - score, 1e-9));

    private enum TestKind
    {
        Percent,
        ZScore,
        Adaptive,
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private sealed record Test(
        string Name, double Signed, double Magnitude, double Warning, double Critical, string Text, string Against, TestKind Kind,
        double Score = 0, double WarningScore = 0, double CriticalScore = 0)
    {
        public string Describe()
        {
            var level = Magnitude >= Critical ? "critical" : Magnitude >= Warning ? "warning" : "below";
            return Kind switch
            {
                TestKind.Adaptive => $"{Text} [{level}; warning {Format.Num(WarningScore)}, critical {Format.Num(CriticalScore)}]",
                TestKind.ZScore => $"{Text} [{level}; warning {Format.Num(Warning)}, critical {Format.Num(Critical)}]",
                _ => $"{Text} [{level}; warning {Format.Num(Warning)}%, critical {Format.Num(Critical)}%]",
            };
        }

        public string Headline() => Kind switch
        {
            TestKind.Adaptive => $"unusual {(Signed >= 0 ? "rise" : "drop")} {Against} (adaptive score {Format.Fixed(Score, 3)})",
            TestKind.ZScore => $"{(Signed >= 0 ? "jump" : "drop")} ({Against})",
            _ => $"{(Signed >= 0 ? "up" : "down")} {Format.Num(Math.Abs(Math.Round(Signed, 1)))}% {Against}",
        };
    }
}
