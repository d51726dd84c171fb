using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Core.Tests.Detection;

public sealed class TradeCollapseDetectorTests
{
    private static readonly TradeRuleOptions Rule = new();
    private static readonly DateTimeOffset Now = new(2025, 3, 28, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// China's monthly imports from Myanmar, tonnes, 2023-12 .. 2025-01 (synthetic around the public figures:
    /// ~2,830 t in 2024-02; the late-2024 months already weaker after the KIA took the mining belt).
    /// </summary>
    private static readonly (string Period, double Tonnes)[] History =
    [
        ("202312", 3100), ("202401", 3000), ("202402", 2830), ("202403", 2950), ("202404", 3050), ("202405", 3200),
        ("202406", 3100), ("202407", 2900), ("202408", 2800), ("202409", 2700), ("202410", 2100), ("202411", 1900),
        ("202412", 1800), ("202501", 2000),
    ];

    private static List<TradeMonth> Months(IEnumerable<(string Period, double Tonnes)> months) =>
        [.. months.Select(m => new TradeMonth(m.Period, m.Tonnes, null, "comtrade", Now, 2))];

    private static List<TradeMonth> WithLatest(string period, double tonnes, params string[] without) =>
        Months([.. History.Where(h => !without.Contains(h.Period)), (period, tonnes)]);

    [Theory]
    // latest 2025-02 tonnes, expected severity, expected y/y percent
    [InlineData(311, AlertSeverity.Critical, -89.01)] // DOMAIN.md: 311 t, −89% y/y
    [InlineData(566, AlertSeverity.Critical, -80.0)]
    [InlineData(1200, AlertSeverity.Warning, -57.60)]
    [InlineData(1415, AlertSeverity.Warning, -50.0)]
    [InlineData(2000, null, -29.33)]
    [InlineData(4727, null, 67.03)] // a surge is not a collapse
    public void Evaluate_February2025_YearOnYearTable(double tonnes, AlertSeverity? expected, double expectedYoY)
    {
        var signal = Assert.Single(TradeCollapseDetector.Evaluate(WithLatest("202502", tonnes), Rule, Now).Signals);

        Assert.Equal(expected, signal.Severity);
        Assert.Equal(expectedYoY, double.Parse(signal.Facts!["pct_yoy"], System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal("trade-collapse:cn-mm-imports", signal.Fingerprint);
        Assert.Equal(AlertTopics.Trade, signal.Topic);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), signal.ObservedAt);
    }

    [Theory]
    // firing severity, latest 2025-02 tonnes (y/y vs 2,830 t), expected severity: hysteresis on both steps (critical 80%, warning 50%,
    // ClearRatio 0.5: a critical alert steps down below 65%, a firing one clears below 25%)
    [InlineData(AlertSeverity.Critical, 850, AlertSeverity.Critical)]   // -70%: not yet below 65%, stays critical
    [InlineData(AlertSeverity.Critical, 1085, AlertSeverity.Warning)]   // -61.7%: steps down
    [InlineData(AlertSeverity.Warning, 850, AlertSeverity.Warning)]     // -70% from warning: plain warning
    [InlineData(AlertSeverity.Warning, 1430, AlertSeverity.Warning)]    // -49.5%: under the warning line, still firing
    [InlineData(AlertSeverity.Warning, 2200, null)]                     // -22%: below warning × 0.5, clears
    [InlineData(null, 1430, null)]                                      // not firing: -49.5% does not start one
    public void Evaluate_FiringSeverity_HysteresisBothWays(AlertSeverity? firing, double tonnes, AlertSeverity? expected)
    {
        var months = Months([.. History.Where(h => h.Period is not ("202409" or "202410" or "202411" or "202412" or "202501")), ("202502", tonnes)]);

        var signal = Assert.Single(TradeCollapseDetector.Evaluate(months, Rule, Now, firing).Signals);

        Assert.Equal(expected, signal.Severity);
        Assert.Contains("2025-02", signal.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Collapse_ReasonNamesFiguresAndSource()
    {
        var signal = TradeCollapseDetector.Evaluate(WithLatest("202502", 311), Rule, Now).Signals[0];

        Assert.Contains("311 t in 2025-02", signal.Reason, StringComparison.Ordinal);
        Assert.Contains("-89.0% y/y vs 2,830 t in 2024-02", signal.Reason, StringComparison.Ordinal);
        Assert.Contains("-89.0% y/y", signal.Title, StringComparison.Ordinal);
        Assert.Equal("comtrade", signal.Source);
        Assert.Equal(1, signal.Score);
    }

    [Theory]
    // year-earlier month missing: only the trailing 6-month mean (2,216.7 t for 2024-08..2025-01) counts
    [InlineData(311, AlertSeverity.Critical)]
    [InlineData(900, AlertSeverity.Warning)]
    [InlineData(1500, null)]
    public void Evaluate_MissingYearEarlier_TrailingTestOnly(double tonnes, AlertSeverity? expected)
    {
        var signal = TradeCollapseDetector.Evaluate(WithLatest("202502", tonnes, "202402"), Rule, Now).Signals[0];

        Assert.Equal(expected, signal.Severity);
        Assert.False(signal.Facts!.ContainsKey("pct_yoy"));
        Assert.Equal("2216.7", signal.Facts["trailing_mean_tonnes"]);
        Assert.Contains("y/y n/a (no figure for 2024-02)", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NewestFirstOrOldestFirst_SameResult()
    {
        var months = WithLatest("202502", 311);
        var reversed = Enumerable.Reverse(months).ToList();

        var a = TradeCollapseDetector.Evaluate(months, Rule, Now).Signals[0];
        var b = TradeCollapseDetector.Evaluate(reversed, Rule, Now).Signals[0];

        Assert.Equal(a.Severity, b.Severity);
        Assert.Equal(a.Reason, b.Reason);
    }

    [Fact]
    public void Evaluate_MonthsAfterNow_Ignored()
    {
        var months = WithLatest("202502", 311);

        var signal = TradeCollapseDetector.Evaluate(months, Rule, new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero)).Signals[0];

        Assert.Equal("202501", signal.Facts!["period"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Evaluate_NoOrOneMonth_InsufficientData(int count)
    {
        var signal = TradeCollapseDetector.Evaluate(Months(History.Take(count)), Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
        Assert.Contains("insufficient data", signal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    // while firing: −30% y/y holds (≥ 50% × 0.5), −20% clears
    [InlineData(1981, true, AlertSeverity.Warning)]
    [InlineData(1981, false, null)]
    [InlineData(2264, true, null)]
    public void Evaluate_Hysteresis_HoldsUntilBelowHalfThreshold(double tonnes, bool firing, AlertSeverity? expected)
    {
        var signal = TradeCollapseDetector.Evaluate(WithLatest("202502", tonnes), Rule, Now, firing).Signals[0];

        Assert.Equal(expected, signal.Severity);
    }
}
