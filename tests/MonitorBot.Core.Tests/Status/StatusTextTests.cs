using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.Status;
using Xunit.Abstractions;
using static MonitorBot.Core.Tests.Status.SupplyStatusRulesTests;

namespace MonitorBot.Core.Tests.Status;

public class StatusTextTests(ITestOutputHelper output)
{
    private static SupplyStatus DomainStatus() => SupplyStatusRules.Evaluate(
        Snapshot(
            prices: [Series(SeriesIds.TerbiumOxide, 6550, 6500, 5373), Series(SeriesIds.DysprosiumOxide, 1665, 1670, 1720)],
            trade: [Month("202502", 311), Month("202501", 900), Month("202402", 2830)],
            news: [SupplyStatusRulesTests.News("China delivers ultimatum to KIA over Bhamo offensive", "Reuters", AsOf.AddDays(-2), "https://www.reuters.com/world/asia-pacific/synthetic-ultimatum-story")],
            feeds:
            [
                new FeedState("comtrade", FeedKinds.Comtrade, FeedStatus.Disabled, "disabled after 10 consecutive failures: HTTP 503", LastSuccess: AsOf.AddDays(-40), LastError: "HTTP 503"),
                new FeedState("gnews", FeedKinds.Rss, FeedStatus.Ok, LastSuccess: AsOf.AddHours(-2)),
            ]),
        [new AlertSummary("fp1", "trade-drop", AlertTopics.Trade, AlertSeverity.Critical, "Imports from Myanmar down 89% y/y", "comtrade", AsOf.AddDays(-5))],
        SupplyStatusSettings.Default);

    [Fact]
    public void Render_DomainStatus_ContainsFiguresSourcesAndAges()
    {
        var text = StatusText.Render(DomainStatus());
        output.WriteLine(text);

        Assert.StartsWith("Kachin heavy-rare-earth supply: CRITICAL\nAs of 2025-03-27 12:00 UTC\n", text, StringComparison.Ordinal);
        Assert.Contains("- Terbium oxide (Tb4O7): 6,550 CNY/kg, +0.8% vs previous, +21.9% vs 2024-09-24 (smm, 2025-03-24, 3 d ago)", text, StringComparison.Ordinal);
        Assert.Contains("- Dysprosium oxide (Dy2O3): 1,665 CNY/kg, -0.3% vs previous, -3.2% vs 2024-09-24", text, StringComparison.Ordinal);
        Assert.Contains("- 2025-02: 311 t, -89.0% y/y (a year earlier: 2,830 t) (comtrade, fetched 2025-03-20)", text, StringComparison.Ordinal);
        Assert.Contains("- 2025-01: 900 t, y/y n/a", text, StringComparison.Ordinal);
        Assert.Contains("- China delivers ultimatum to KIA over Bhamo offensive (Reuters, 2025-03-25 12:00 UTC, 2 d ago)", text, StringComparison.Ordinal);
        Assert.Contains("  https://www.reuters.com/world/asia-pacific/synthetic-ultimatum-story", text, StringComparison.Ordinal);
        Assert.Contains("- [Critical] Imports from Myanmar down 89% y/y (comtrade, since 2025-03-22 12:00 UTC)", text, StringComparison.Ordinal);
        Assert.Contains("- comtrade (comtrade): Disabled: disabled after 10 consecutive failures: HTTP 503, last success 2025-02-15 12:00 UTC (40 d ago); last error: HTTP 503", text, StringComparison.Ordinal);
        Assert.Contains("- gnews (rss): Ok, last success 2025-03-27 10:00 UTC (2 h ago)", text, StringComparison.Ordinal);
        Assert.Contains("[CRITICAL] China imports from Myanmar 2025-02: 311 t, -89.0% y/y (2024-02: 2,830 t) (comtrade, 2025-02-01)", text, StringComparison.Ordinal);
        Assert.Contains("[DISRUPTED] Terbium oxide (Tb4O7) +21.9% since 2024-09-24: 6,550 CNY/kg (smm, 2025-03-24)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameStatusTwice_Identical()
    {
        Assert.Equal(StatusText.Render(DomainStatus()), StatusText.Render(DomainStatus()));
    }

    [Fact]
    public void Render_EmptyStatus_SaysNone()
    {
        var status = new SupplyStatus(AsOf, SupplyLevel.Normal, [], [], [], [], [], []);

        var text = StatusText.Render(status);

        Assert.Contains("supply: NORMAL", text, StringComparison.Ordinal);
        Assert.Contains("Prices:\n- none\n", text, StringComparison.Ordinal);
        Assert.Contains("News:\n- none\n", text, StringComparison.Ordinal);
        Assert.Contains("Sources:\n- none configured\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(21.94, "+21.9%")]
    [InlineData(-89.01, "-89.0%")]
    [InlineData(-0.04, "0.0%")]
    [InlineData(0, "0.0%")]
    [InlineData(3.25, "+3.3%")]
    public void Pct_Values_SignedOneDecimal(double value, string expected)
    {
        Assert.Equal(expected, StatusFormat.Pct(value));
    }

    [Theory]
    [InlineData(6550, "6,550")]
    [InlineData(1665.5, "1,665.5")]
    [InlineData(1234567.891, "1,234,567.89")]
    [InlineData(0.123, "0.12")]
    public void Number_Values_InvariantGrouping(double value, string expected)
    {
        Assert.Equal(expected, StatusFormat.Number(value));
    }

    [Theory]
    [InlineData(6550, "kg", "CNY", "6,550 CNY/kg")]
    [InlineData(6550, "yuan/kg", "CNY", "6,550 yuan/kg (CNY)")]
    [InlineData(6550, "CNY/kg", "CNY", "6,550 CNY/kg")]
    [InlineData(41.2, "", "USD", "41.2 USD")]
    public void Price_UnitAndCurrency_Combined(double value, string unit, string currency, string expected)
    {
        Assert.Equal(expected, StatusFormat.Price(value, unit, currency));
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(45 * 60, "45 min ago")]
    [InlineData(5 * 3600, "5 h ago")]
    [InlineData(3 * 86400 + 7200, "3 d ago")]
    [InlineData(120 * 86400, "4 mo ago")]
    public void Age_Spans_HumanReadable(int seconds, string expected)
    {
        Assert.Equal(expected, StatusFormat.Age(TimeSpan.FromSeconds(seconds)));
    }
}
