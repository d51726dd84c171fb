using Microsoft.Extensions.Configuration;
using MonitorBot.Core.Detection;

namespace MonitorBot.Core.Tests.Detection;

public sealed class DetectionOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems() => Assert.Empty(new DetectionOptions().Validate());

    [Theory]
    [InlineData("tb-oxide", "price-oxide")]
    [InlineData("dy-oxide", "price-oxide")]
    [InlineData("ndpr-oxide", "price-oxide")]
    [InlineData("remx", "price-proxy")]
    [InlineData("mp", "price-proxy")]
    [InlineData("lyc.ax", "price-proxy")]
    [InlineData("600111.ss", "price-proxy")]
    [InlineData("cn-mm-imports", null)]
    public void RulesFor_DefaultRules_MatchBySeriesPattern(string seriesId, string? expectedRule)
    {
        var rules = new DetectionOptions().RulesFor(seriesId);

        if (expectedRule is null)
        {
            Assert.Empty(rules);
        }
        else
        {
            Assert.Equal(expectedRule, Assert.Single(rules).Id);
        }
    }

    [Theory]
    [InlineData("ZScoreWarning", "0", "Detection:PriceRules:0:ZScoreWarning must be > 0")]
    [InlineData("SeriesPattern", "", "Detection:PriceRules:0:SeriesPattern must not be empty")]
    [InlineData("Id", " ", "Detection:PriceRules:0:Id must not be empty")]
    [InlineData("PctVsPreviousCritical", "5", "Detection:PriceRules:0:PctVsPreviousCritical must be >= Detection:PriceRules:0:PctVsPreviousWarning")]
    [InlineData("ZScoreCritical", "3", "Detection:PriceRules:0:ZScoreCritical must be >= Detection:PriceRules:0:ZScoreWarning")]
    [InlineData("ClearRatio", "1.5", "Detection:PriceRules:0:ClearRatio must be in (0, 1]")]
    [InlineData("WarmupPoints", "1", "Detection:PriceRules:0:WarmupPoints must be >= 2")]
    [InlineData("WarmupPoints", "40", "Detection:PriceRules:0:WarmupPoints must be <= Detection:PriceRules:0:ZScoreWindow")]
    [InlineData("BaselineDays", "-1", "Detection:PriceRules:0:BaselineDays must be >= 0")]
    public void Validate_BadPriceRule_ReportsPath(string property, string value, string expected)
    {
        var rule = new PriceRuleOptions { Id = "r", SeriesPattern = "tb-*", PctVsPreviousWarning = 8, ZScoreWarning = 4, ZScoreWindow = 26 };
        var config = new ConfigurationBuilder().AddInMemoryCollection([new(property, value)]).Build();
        config.Bind(rule);
        var options = new DetectionOptions { PriceRules = [rule] };

        var problems = options.Validate().ToList();

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEvery()
    {
        var options = new DetectionOptions
        {
            PriceRules =
            [
                new PriceRuleOptions { Id = "a", SeriesPattern = "tb-*", ZScoreWarning = 0 },
                new PriceRuleOptions { Id = "a", SeriesPattern = "" },
            ],
            Trade = new TradeRuleOptions { YoYDeclineWarningPct = 90, YoYDeclineCriticalPct = 80 },
            News = new NewsRuleOptions { BurstMinCount = 0, SignalCriticalSources = 1 },
            Health = new HealthRuleOptions { StaleFactor = 0.5 },
            Lifecycle = new LifecycleOptions
            {
                PendingCount = 0,
                Cooldown = TimeSpan.FromHours(-1),
                Topics = new(StringComparer.OrdinalIgnoreCase) { ["weather"] = new TopicLifecycleOptions() },
            },
        };

        var problems = options.Validate().ToList();

        Assert.Contains("Detection:PriceRules:0:ZScoreWarning must be > 0 (was 0)", problems);
        Assert.Contains(problems, p => p.StartsWith("Detection:PriceRules:1:SeriesPattern must not be empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:PriceRules:1:Id 'a' is used by more than one rule", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:Trade:YoYDeclineCriticalPct must be >=", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:News:BurstMinCount must be >= 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:News:SignalCriticalSources must be >= 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:Health:StaleFactor must be >= 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:Lifecycle:PendingCount must be between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:Lifecycle:Cooldown must be between 00:00:00 and 30.00:00:00", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:Lifecycle:Topics:weather is not a known topic", StringComparison.Ordinal));
    }

    [Theory]
    // Issue 10: every admin-settable lifecycle value has an upper (and a sensible lower) bound
    [InlineData("ReminderInterval", "00:00:00.001", "ReminderInterval must be 00:00:00 (off) or between 00:10:00 and 30.00:00:00")]
    [InlineData("ReminderInterval", "365.00:00:00", "ReminderInterval must be 00:00:00 (off)")]
    [InlineData("Cooldown", "400.00:00:00", "Cooldown must be between 00:00:00 and 30.00:00:00")]
    [InlineData("PendingFor", "30.00:00:00", "PendingFor must be between 00:00:00 and 7.00:00:00")]
    [InlineData("MaxReminderInterval", "1000.00:00:00", "MaxReminderInterval must be between 00:00:00 and 90.00:00:00")]
    public void Validate_LifecycleOutOfBounds_Refused(string key, string value, string expected)
    {
        var lifecycle = new LifecycleOptions();
        typeof(LifecycleOptions).GetProperty(key)!.SetValue(lifecycle, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var problems = new DetectionOptions { Lifecycle = lifecycle }.Validate().ToList();

        Assert.Contains(problems, p => p.StartsWith("Detection:Lifecycle:" + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReminderIntervalZero_MeansOffAndIsAccepted()
    {
        Assert.Empty(new DetectionOptions { Lifecycle = new LifecycleOptions { ReminderInterval = TimeSpan.Zero } }.Validate());
    }

    [Fact]
    public void Bind_FromConfiguration_ReplacesDefaultRulesAndReadsTimeSpans()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Detection:PriceRules:0:Id"] = "tb-fast",
            ["Detection:PriceRules:0:SeriesPattern"] = "tb-*",
            ["Detection:PriceRules:0:Direction"] = "Up",
            ["Detection:PriceRules:0:PctVsPreviousWarning"] = "5",
            ["Detection:Lifecycle:Cooldown"] = "02:00:00",
            ["Detection:Lifecycle:Topics:health:PendingCount"] = "2",
            ["Detection:News:SignalWindow"] = "2.00:00:00",
        }).Build();

        var options = config.GetSection(DetectionOptions.SectionName).Get<DetectionOptions>()!;

        var rule = Assert.Single(options.EffectivePriceRules);
        Assert.Equal("tb-fast", rule.Id);
        Assert.Equal(PriceDirection.Up, rule.Direction);
        Assert.Equal(5, rule.PctVsPreviousWarning);
        Assert.Empty(options.RulesFor("dy-oxide"));
        Assert.Equal(TimeSpan.FromHours(2), options.Lifecycle.Cooldown);
        Assert.Equal(2, options.Lifecycle.For("health").PendingCount);
        Assert.Equal(1, options.Lifecycle.For("price").PendingCount);
        Assert.Equal(TimeSpan.FromDays(2), options.News.SignalWindow);
        Assert.Empty(options.Validate());
    }
}
