using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using static MonitorBot.Core.Tests.Status.SupplyStatusRulesTests;

namespace MonitorBot.Core.Tests.Status;

public class SupplyStatusYearToDateTests
{
    private static readonly (string Period, double Tonnes)[] Domain2025 =
    [
        ("202401", 5420), ("202402", 2830), ("202403", 5610), ("202404", 5900), ("202405", 6140),
        ("202501", 3852), ("202502", 311), ("202503", 2150), ("202504", 2980), ("202505", 3651),
    ];

    private static SupplyStatus Evaluate(IEnumerable<(string Period, double Tonnes)> months)
    {
        var snapshot = new StatusSnapshot(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero), [],
            months.Select(m => Month(m.Period, m.Tonnes)).OrderByDescending(m => m.Period, StringComparer.Ordinal).ToList(), [], []);
        return SupplyStatusRules.Evaluate(snapshot, [], SupplyStatusSettings.Default);
    }

    [Fact]
    public void Evaluate_JanuaryToMayHalfOfAYearEarlier_DisruptedYearToDateDriver()
    {
        var status = Evaluate(Domain2025);

        var ytd = Assert.Single(status.Drivers, d => d.Code == "trade-ytd");
        Assert.Equal(SupplyLevel.Disrupted, ytd.Level);
        Assert.Contains("12,944 t", ytd.Text, StringComparison.Ordinal);
        Assert.Contains("25,900 t", ytd.Text, StringComparison.Ordinal);
        Assert.Contains("-50.0%", ytd.Text, StringComparison.Ordinal);
        Assert.Equal("comtrade", ytd.Source);
        Assert.True(status.Level >= SupplyLevel.Disrupted);
    }

    [Theory]
    [InlineData(1.0, null)]          // flat year on year: no driver
    [InlineData(0.7, SupplyLevel.Watch)]
    [InlineData(0.45, SupplyLevel.Disrupted)]
    [InlineData(0.1, SupplyLevel.Critical)]
    public void Evaluate_YearToDateRatio_LevelByThreshold(double ratio, SupplyLevel? expected)
    {
        var months = new List<(string, double)>();
        for (var m = 1; m <= 4; m++)
        {
            months.Add(($"2024{m:00}", 1000));
            months.Add(($"2025{m:00}", 1000 * ratio));
        }

        var status = Evaluate(months);

        var driver = status.Drivers.SingleOrDefault(d => d.Code == "trade-ytd");
        Assert.Equal(expected, driver?.Level);
    }

    [Fact]
    public void Evaluate_MissingMonthInEitherYear_NoYearToDateDriver()
    {
        var status = Evaluate(Domain2025.Where(m => m.Period != "202403"));

        Assert.DoesNotContain(status.Drivers, d => d.Code == "trade-ytd");
    }
}
