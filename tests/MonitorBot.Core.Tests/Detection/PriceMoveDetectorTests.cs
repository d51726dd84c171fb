using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

public sealed class PriceMoveDetectorTests
{
    private static readonly PriceRuleOptions Oxide = new DetectionOptions().RulesFor(SeriesIds.TerbiumOxide)[0];

    /// <summary>A rule with 10%/20% percent thresholds, a 7-day baseline and the z-score effectively off for flat histories.</summary>
    private static PriceRuleOptions TenPercent(PriceDirection direction = PriceDirection.Both) => new()
    {
        Id = "test",
        SeriesPattern = "*",
        PctVsPreviousWarning = 10,
        PctVsPreviousCritical = 20,
        BaselineDays = 7,
        PctVsBaselineWarning = 10,
        PctVsBaselineCritical = 20,
        ZScoreWarning = 4,
        ZScoreCritical = 7,
        ZScoreWindow = 26,
        WarmupPoints = 8,
        ClearRatio = 0.5,
        Direction = direction,
    };

    private static Signal Last(List<(DateTimeOffset Time, double Value)> points, PriceRuleOptions rule, bool firing = false) =>
        PriceMoveDetector.Evaluate("tb-oxide", points, rule, points[^1].Time, firing);

    [Theory]
    // latest value after 20 flat days at 100, whether firing, expected severity
    [InlineData(112, false, AlertSeverity.Warning)]
    [InlineData(125, false, AlertSeverity.Critical)]
    [InlineData(109, false, null)]
    [InlineData(88, false, AlertSeverity.Warning)]
    [InlineData(75, false, AlertSeverity.Critical)]
    [InlineData(100, false, null)]
    [InlineData(103, false, null)]
    public void Evaluate_JumpAfterFlatHistory_SeverityFromPercentTests(double latest, bool firing, AlertSeverity? expected)
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), latest]);

        var signal = Last(points, TenPercent(), firing);

        Assert.Equal(expected, signal.Severity);
        Assert.Equal("test:tb-oxide", signal.Fingerprint);
        Assert.Equal(AlertTopics.Price, signal.Topic);
    }

    [Theory]
    // hysteresis with ClearRatio 0.5 and a 10% warning: fires at +12%, holds at +9% while firing, clears at +4%
    [InlineData(new[] { 112.0 }, false, AlertSeverity.Warning)]
    [InlineData(new[] { 112.0, 109.0 }, false, null)]
    [InlineData(new[] { 112.0, 109.0 }, true, AlertSeverity.Warning)]
    [InlineData(new[] { 112.0, 109.0, 104.0 }, true, null)]
    [InlineData(new[] { 112.0, 109.0, 106.0 }, true, AlertSeverity.Warning)]
    public void Evaluate_Hysteresis_ClearsOnlyBelowThresholdTimesClearRatio(double[] tail, bool firing, AlertSeverity? expected)
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), .. tail]);

        var signal = Last(points, TenPercent(), firing);

        Assert.Equal(expected, signal.Severity);
        if (firing && expected is not null)
        {
            Assert.Contains("hysteresis", signal.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Backtest_Hysteresis_FiresAtTwelveStaysAtNineClearsAtFour()
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), 112, 109, 104, 104]);

        var result = PriceBacktest.Run(points, TenPercent());

        var alert = Assert.Single(result.Alerts);
        Assert.Equal(112, alert.Value);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal([false, true, true, false, false], result.Rows.Skip(19).Select(r => r.Firing));
        Assert.Equal(points[22].Time, Assert.Single(result.Resolutions));
    }

    [Theory]
    [InlineData(PriceDirection.Both, 112, AlertSeverity.Warning)]
    [InlineData(PriceDirection.Both, 88, AlertSeverity.Warning)]
    [InlineData(PriceDirection.Up, 112, AlertSeverity.Warning)]
    [InlineData(PriceDirection.Up, 88, null)]
    [InlineData(PriceDirection.Down, 112, null)]
    [InlineData(PriceDirection.Down, 88, AlertSeverity.Warning)]
    [InlineData(PriceDirection.Down, 75, AlertSeverity.Critical)]
    public void Evaluate_Direction_OnlyConfiguredMovesFire(PriceDirection direction, double latest, AlertSeverity? expected)
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), latest]);

        var signal = Last(points, TenPercent(direction));

        Assert.Equal(expected, signal.Severity);
        Assert.Equal(expected is null ? 0 : signal.Score, PriceMoveDetector.AnomalyScore(PriceMoveDetector.Clean(points), points.Count - 1, TenPercent(direction)));
    }

    [Fact]
    public void Evaluate_FlatSeries_NeverFiresAndZScoreUndefined()
    {
        var points = PriceSeries.Weekly(PriceSeries.Flat(5600, 60));

        var result = PriceBacktest.Run(points, Oxide);
        var signal = Last(points, Oxide);

        Assert.Empty(result.Alerts);
        Assert.All(result.Rows, r => Assert.Equal(0, r.Score));
        Assert.Null(signal.Severity);
        Assert.Contains("MAD 0", signal.Facts!["zscore_note"], StringComparison.Ordinal);
        Assert.False(signal.Facts.ContainsKey("zscore"));
    }

    [Fact]
    public void Evaluate_FlatThenSmallStep_ZScoreUndefinedSoNoFire()
    {
        var points = PriceSeries.Weekly([.. PriceSeries.Flat(5600, 30), 5768]); // +3%: below the 8% and 12% tests

        var signal = Last(points, Oxide);

        Assert.Null(signal.Severity);
        Assert.Contains("z-score n/a", signal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2024)]
    [InlineData(31337)]
    public void Backtest_LevelNoiseTwoPercent_NoAlertWithDefaults(int seed)
    {
        var points = PriceSeries.Weekly(PriceSeries.LevelNoise(seed, 156, 5600, 2));

        var result = PriceBacktest.Run(points, Oxide);

        Assert.Empty(result.Alerts);
        Assert.All(result.Rows, r => Assert.InRange(r.FixedScore, 0, 0.75));
        Assert.All(result.Rows, r => Assert.InRange(r.Score, 0, Oxide.AdaptiveWarning));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Backtest_RandomWalkTwoPercentWeekly_NoAlertWithDefaults(int seed)
    {
        var points = PriceSeries.Weekly(PriceSeries.RandomWalk(seed, 104, 5600, 2));

        var result = PriceBacktest.Run(points, Oxide);

        Assert.Empty(result.Alerts);
    }

    [Theory]
    // prints before the jump (with ±0.3% noise), jump %, expected severity: the z-score needs its warm-up
    [InlineData(30, 6.0, AlertSeverity.Warning)]
    [InlineData(30, 7.5, AlertSeverity.Critical)]
    [InlineData(5, 6.0, null)]
    [InlineData(30, 2.0, null)]
    [InlineData(30, -6.0, AlertSeverity.Warning)]
    public void Evaluate_NoisyThenJump_ZScoreAfterWarmup(int before, double jumpPct, AlertSeverity? expected)
    {
        var history = PriceSeries.LevelNoise(3, before, 5600, 0.3);
        var points = PriceSeries.Weekly([.. history, history[^1] * (1 + jumpPct / 100)]);

        var signal = Last(points, Oxide);

        Assert.Equal(expected, signal.Severity);
        if (expected is not null)
        {
            Assert.Contains("z-score", signal.Reason, StringComparison.Ordinal);
            Assert.True(double.Parse(signal.Facts!["zscore"], System.Globalization.CultureInfo.InvariantCulture) * Math.Sign(jumpPct) >= 4);
        }
    }

    [Fact]
    public void Evaluate_SinglePoint_InsufficientData()
    {
        var points = PriceSeries.Weekly(5600);

        var signal = Last(points, Oxide);

        Assert.Null(signal.Severity);
        Assert.Equal(0, signal.Score);
        Assert.Contains("insufficient data", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoPointsUpToNow_InsufficientData()
    {
        var points = PriceSeries.Weekly(5600, 6000);

        var signal = PriceMoveDetector.Evaluate("tb-oxide", points, Oxide, PriceSeries.Start.AddDays(-1), currentlyFiring: false);

        Assert.Null(signal.Severity);
        Assert.Contains("insufficient data", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LaterPrintsThanNow_Ignored()
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), 150]);

        var signal = PriceMoveDetector.Evaluate("tb-oxide", points, TenPercent(), points[^2].Time, currentlyFiring: false);

        Assert.Null(signal.Severity);
        Assert.Equal(points[^2].Time, signal.ObservedAt);
    }

    [Theory]
    // weeks present (a gap of missing weeks), expected baseline week index (null = none in range)
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 }, 1)] // 13 weeks = 91 days ≥ 90: week 1
    [InlineData(new[] { 0, 5, 9, 14 }, 0)] // newest at or before day 8 is week 0
    [InlineData(new[] { 0, 3, 14 }, 0)]
    [InlineData(new[] { 0, 1, 40 }, null)] // the only older prints are beyond 2 × 90 days
    [InlineData(new[] { 10, 11, 12, 14 }, null)] // nothing 90 days back
    public void Measure_GappySeries_BaselineIsNewestPrintInRange(int[] weeks, int? expectedBaselineWeek)
    {
        var points = weeks.Select(w => (Time: PriceSeries.Start.AddDays(7 * w), Value: 5000.0 + w)).ToList();

        var m = PriceMoveDetector.Measure(points, points.Count - 1, Oxide);

        Assert.Equal(expectedBaselineWeek is null ? null : PriceSeries.Start.AddDays(7 * expectedBaselineWeek.Value), m.BaselineTime);
        Assert.Equal(points[^2].Time, m.PreviousTime);
    }

    [Fact]
    public void Evaluate_GappySeriesWithBigMove_FiresOnBaseline()
    {
        // Weekly prints with weeks 5-9 missing, then a steady climb: +14% against the print 13 weeks back, small weekly steps.
        var weeks = new[] { 0, 1, 2, 3, 4, 10, 11, 12, 13, 14 };
        double[] values = [5000, 5000, 5000, 5000, 5000, 5150, 5300, 5450, 5600, 5700];
        var points = weeks.Select((w, i) => (Time: PriceSeries.Start.AddDays(7 * w), Value: values[i])).ToList();

        var signal = Last(points, Oxide);

        Assert.Equal(AlertSeverity.Warning, signal.Severity);
        Assert.Equal("14.00", signal.Facts!["pct_vs_baseline"]);
        Assert.Contains("vs 90-day baseline", signal.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Observations_UsesLatestSourceAndUnit()
    {
        var obs = PriceSeries.Observations("tb-oxide", PriceSeries.Daily([.. PriceSeries.Flat(100, 20), 130]), source: "smm");

        var signal = Assert.Single(PriceMoveDetector.Evaluate("tb-oxide", obs, TenPercent(), obs[^1].Time, currentlyFiring: false).Signals);

        Assert.Equal(AlertSeverity.Critical, signal.Severity);
        Assert.Equal("smm", signal.Source);
        Assert.Equal("CNY/kg", signal.Facts!["unit"]);
        Assert.Contains("130 CNY/kg", signal.Reason, StringComparison.Ordinal);
        Assert.Equal("tb-oxide up 30% vs previous print", signal.Title);
    }

    [Fact]
    public void EvaluateAll_DefaultRules_OneSignalPerMatchingRule()
    {
        var obs = PriceSeries.Observations("tb-oxide", PriceSeries.Weekly(PriceSeries.Flat(5600, 20)));

        var none = PriceMoveDetector.EvaluateAll("cn-mm-imports", obs, new DetectionOptions(), obs[^1].Time);
        var one = PriceMoveDetector.EvaluateAll("tb-oxide", obs, new DetectionOptions(), obs[^1].Time);

        Assert.Empty(none.Signals);
        Assert.Equal("price-oxide:tb-oxide", Assert.Single(one.Signals).Fingerprint);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(105, 0.25)] // 5% / 20% critical
    [InlineData(115, 0.75)]
    [InlineData(140, 1)]
    [InlineData(60, 1)]
    public void AnomalyScore_PercentOverCritical_ClampedToUnit(double latest, double expected)
    {
        var points = PriceSeries.Daily([.. PriceSeries.Flat(100, 20), latest]);

        var score = PriceMoveDetector.AnomalyScore(points, points.Count - 1, TenPercent());

        Assert.Equal(expected, score, 3);
    }

    [Fact]
    public void Clean_UnorderedDuplicatesAndBadValues_SortedOnePerTime()
    {
        var t = PriceSeries.Start;
        var clean = PriceMoveDetector.Clean([(t.AddDays(2), 3), (t, 1), (t.AddDays(1), double.NaN), (t.AddDays(1), -5), (t.AddDays(2), 4), (t.AddDays(1), 2)]);

        Assert.Equal([(t, 1.0), (t.AddDays(1), 2.0), (t.AddDays(2), 4.0)], clean);
    }
}
