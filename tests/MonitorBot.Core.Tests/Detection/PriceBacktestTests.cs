using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

public sealed class PriceBacktestTests
{
    private static readonly DetectionOptions Defaults = new();

    [Fact]
    public void Run_TerbiumOxideRiseToMarch2025_OneWarningOrHigherAlert()
    {
        var series = PriceSeries.TerbiumOxide();
        var rule = Defaults.RulesFor(SeriesIds.TerbiumOxide).Single();

        var result = PriceBacktest.Run(series, rule, Defaults.Lifecycle, SeriesIds.TerbiumOxide);

        var alert = Assert.Single(result.Alerts);
        Assert.True(alert.Severity >= AlertSeverity.Warning);
        Assert.Equal(NotifyKind.Fired, alert.Kind);
        // 6,250 on 2025-02-24 is +13.0% on 5,530 (2024-11-25), past the 12% baseline warning.
        Assert.Equal(new DateTimeOffset(2025, 2, 24, 0, 0, 0, TimeSpan.Zero), alert.Time);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Contains("+13.0% vs 90-day baseline 5,530 (2024-11-25)", alert.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Resolutions);
        Assert.Equal(series.Count, result.Rows.Count);
        // Still firing at 6,550 on 2025-03-24 and the week after (−1%).
        Assert.True(result.Rows[^2].Firing);
        Assert.True(result.Rows[^1].Firing);
        Assert.Equal(6550 / 5373.0, series[^2].Value / series[0].Value, 3);
    }

    [Fact]
    public void Run_TerbiumOxideLive_EvaluatedWeeklyThroughLifecycle_NotifiesOnce()
    {
        // The same replay through the public pieces the worker uses: detector on stored history, then the lifecycle.
        var obs = PriceSeries.Observations(SeriesIds.TerbiumOxide, PriceSeries.TerbiumOxide());
        AlertState? state = null;
        var notifications = new List<AlertAction>();
        foreach (var print in obs)
        {
            var signal = Assert.Single(PriceMoveDetector.EvaluateAll(SeriesIds.TerbiumOxide, obs, Defaults, print.Time, f => state?.IsFiring == true).Signals);
            var outcome = AlertLifecycle.Apply(state, signal, print.Time, Defaults.Lifecycle);
            state = outcome.Next;
            notifications.AddRange(outcome.Actions.Where(a => a.Kind is NotifyKind.Fired or NotifyKind.Escalated));
        }

        var fired = Assert.Single(notifications);
        Assert.Equal("price-oxide:tb-oxide", fired.Fingerprint);
        Assert.True(fired.Severity >= AlertSeverity.Warning);
        Assert.Equal(AlertStatus.Firing, state!.Status);
    }

    [Fact]
    public void Run_DysprosiumOxideSmallDecline_NoAlert()
    {
        var result = PriceBacktest.Run(PriceSeries.DysprosiumOxide(), Defaults.RulesFor(SeriesIds.DysprosiumOxide).Single());

        Assert.Empty(result.Alerts);
    }

    [Fact]
    public void Run_LongMove_FiresOnceAndEscalatesOnce()
    {
        // 40 weekly flat prints, then +10% steps for five weeks: warning then critical, each notified once.
        var values = PriceSeries.Flat(100, 40).Concat([110, 121, 133.1, 146.41, 161.05, 161.05, 161.05]).ToArray();
        var rule = Defaults.RulesFor(SeriesIds.TerbiumOxide).Single();

        var result = PriceBacktest.Run(PriceSeries.Weekly(values), rule);

        Assert.Equal([NotifyKind.Fired, NotifyKind.Escalated], result.Alerts.Select(a => a.Kind));
        Assert.Equal(AlertSeverity.Critical, result.Alerts[^1].Severity);
        Assert.True(result.Rows[^1].Firing);
    }

    [Fact]
    public void Run_RowsKeepInputRowsIncludingUnusable()
    {
        var t = PriceSeries.Start;
        (DateTimeOffset, double)[] series = [(t.AddDays(14), 130), (t, 100), (t.AddDays(7), 0), (t.AddDays(7), double.NaN), (t.AddDays(1), 100)];
        var rule = new PriceRuleOptions { Id = "r", SeriesPattern = "*", PctVsPreviousWarning = 10, PctVsPreviousCritical = 20 };

        var result = PriceBacktest.Run(series, rule, seriesId: "x");

        Assert.Equal(5, result.Rows.Count);
        Assert.Equal([t, t.AddDays(1), t.AddDays(7), t.AddDays(7), t.AddDays(14)], result.Rows.Select(r => r.Time));
        Assert.Equal([true, true, false, false, true], result.Rows.Select(r => r.Usable));
        Assert.Equal(1, result.Rows[^1].Score);
        var alert = Assert.Single(result.Alerts);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(130, alert.Value);
    }

    [Fact]
    public void Run_EmptySeries_NoRowsNoAlerts()
    {
        var result = PriceBacktest.Run([], new PriceRuleOptions { Id = "r", SeriesPattern = "*" });

        Assert.Empty(result.Rows);
        Assert.Empty(result.Alerts);
    }
}
