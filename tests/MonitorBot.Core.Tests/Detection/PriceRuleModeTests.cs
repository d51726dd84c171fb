using MonitorBot.Core.Detection;

namespace MonitorBot.Core.Tests.Detection;

/// <summary>How a rule combines fixed thresholds and the adaptive score, and how its alert names what fired.</summary>
public class PriceRuleModeTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A half-hourly series whose ordinary moves are ±20% (seeded), with a jump to 3× at <paramref name="jumpAt"/>.</summary>
    private static List<(DateTimeOffset Time, double Value)> NoisyHalfHourly(int seed, int count, int jumpAt)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
            (Start.AddMinutes(30 * i), (i == jumpAt ? 300.0 : 100.0) * (1 + ((random.NextDouble() * 2) - 1) * 0.2)))];
    }

    private static PriceRuleOptions Rule(PriceRuleMode mode) => new()
    {
        Id = "r",
        SeriesPattern = "*",
        Mode = mode,
        PctVsPreviousWarning = 8,
        PctVsPreviousCritical = 15,
        BaselineDays = 0,
        ZScoreMinSigmaPct = 0,
    };

    [Theory]
    [InlineData(PriceRuleMode.Fixed, 0.3, 1.0)]
    [InlineData(PriceRuleMode.Adaptive, 0.0, 0.03)]
    [InlineData(PriceRuleMode.Both, 0.3, 1.0)]
    public void Backtest_NoisyHalfHourlySeries_ShareOfRowsScoredAtLeast099(PriceRuleMode mode, double atLeast, double atMost)
    {
        var result = PriceBacktest.Run(NoisyHalfHourly(4, 1500, -1), Rule(mode));

        var share = result.Rows.Count(r => r.Score >= 0.99) / (double)result.Rows.Count;

        Assert.InRange(share, atLeast, atMost);
    }

    [Theory]
    [InlineData(PriceRuleMode.Adaptive, "adaptive-score", "pct-vs-previous")]
    [InlineData(PriceRuleMode.Fixed, "pct-vs-previous", "adaptive-score")]
    public void Evaluate_JumpOnNoisySeries_ReasonNamesWhatFired(PriceRuleMode mode, string named, string notNamed)
    {
        var series = NoisyHalfHourly(9, 800, 799);

        var signal = PriceMoveDetector.Evaluate("proxy", series, Rule(mode), series[^1].Time, currentlyFiring: false);

        Assert.NotNull(signal.Severity);
        Assert.Contains($"Fired by {named}", signal.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(notNamed, signal.Reason[signal.Reason.IndexOf("Fired by", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AdaptiveRuleWarmingUp_DoesNotFireAndSaysWhy()
    {
        var series = NoisyHalfHourly(9, 10, 9);

        var signal = PriceMoveDetector.Evaluate("proxy", series, Rule(PriceRuleMode.Adaptive), series[^1].Time, currentlyFiring: false);

        Assert.Null(signal.Severity);
        Assert.Contains("adaptive score n/a (warming up", signal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("price-oxide", PriceRuleMode.Both)]
    [InlineData("price-proxy", PriceRuleMode.Adaptive)]
    public void DefaultPriceRules_ShippedModes(string id, PriceRuleMode mode)
    {
        Assert.Equal(mode, DetectionOptions.DefaultPriceRules().Single(r => r.Id == id).Mode);
    }

    [Theory]
    [InlineData(0.99, 0.999, 20, 2000, true)]
    [InlineData(0, 0.999, 20, 2000, false)]
    [InlineData(0.99, 1, 20, 2000, false)]
    [InlineData(0.999, 0.99, 20, 2000, false)]
    [InlineData(0.99, 0.999, 1, 2000, false)]
    [InlineData(0.99, 0.999, 20, 10, false)]
    public void Validate_AdaptiveSettings_Checked(double warning, double critical, int warmup, int history, bool valid)
    {
        var options = new DetectionOptions
        {
            PriceRules = [new PriceRuleOptions
            {
                Id = "r", SeriesPattern = "*", Mode = PriceRuleMode.Both,
                AdaptiveWarning = warning, AdaptiveCritical = critical, AdaptiveWarmupPoints = warmup, AdaptiveHistoryPoints = history,
            }],
        };

        Assert.Equal(valid, !options.Validate().Any());
    }

    [Theory]
    [InlineData(PriceRuleMode.Fixed)]
    [InlineData(PriceRuleMode.Both)]
    public void Backtest_RowDatedYearOne_DoesNotThrow(PriceRuleMode mode)
    {
        var rule = Rule(mode);
        rule.BaselineDays = 90;
        List<(DateTimeOffset, double)> series = [(DateTimeOffset.MinValue, 100), (Start, 101), (Start.AddDays(7), 150)];

        var result = PriceBacktest.Run(series, rule);

        Assert.Equal(3, result.Rows.Count);
    }
}
