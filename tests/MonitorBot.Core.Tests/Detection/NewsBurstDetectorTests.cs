using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using static MonitorBot.Core.Tests.Detection.NewsItems;

namespace MonitorBot.Core.Tests.Detection;

public sealed class NewsBurstDetectorTests
{
    private static readonly NewsRuleOptions Rule = new();

    /// <summary><paramref name="perDay"/> distinct relevant stories a day over the 14 baseline days before the window.</summary>
    private static IEnumerable<NewsItem> Background(int perDay) =>
        Enumerable.Range(0, 14 * perDay).Select(i => Item($"bg-{i}", Now.AddDays(-1).AddHours(-1 - (i * 24.0 / perDay))));

    private static IEnumerable<NewsItem> Recent(int count, string prefix = "new", double relevance = 0.8, bool baseline = false, bool sameWire = false) =>
        Enumerable.Range(0, count).Select(i => Item(sameWire ? $"{prefix}-wire" : $"{prefix}-{i}", Now.AddHours(-1 - i), outlet: $"outlet-{i}", relevance: relevance, baseline: baseline));

    [Theory]
    // stories in the last 24 h, background stories a day, expected severity
    [InlineData(6, 1, AlertSeverity.Warning)]
    [InlineData(5, 0, AlertSeverity.Warning)]
    [InlineData(4, 0, null)] // below the minimum count
    [InlineData(6, 3, null)] // 3/day expected: 9 needed
    [InlineData(9, 3, AlertSeverity.Warning)]
    [InlineData(0, 2, null)]
    public void Evaluate_CountVersusBaseline_Table(int recent, int perDay, AlertSeverity? expected)
    {
        var items = Background(perDay).Concat(Recent(recent)).ToList();

        var signal = Assert.Single(NewsBurstDetector.Evaluate(items, Rule, Now).Signals);

        Assert.Equal(expected, signal.Severity);
        Assert.Equal("news-burst:relevant", signal.Fingerprint);
        Assert.Equal(recent.ToString(System.Globalization.CultureInfo.InvariantCulture), signal.Facts!["count"]);
    }

    [Fact]
    public void Evaluate_WireCopiesOfOneStory_CountOnce()
    {
        var signal = NewsBurstDetector.Evaluate([.. Recent(8, sameWire: true)], Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
        Assert.Equal("1", signal.Facts!["count"]);
    }

    [Fact]
    public void Evaluate_IrrelevantItems_NotCounted()
    {
        var signal = NewsBurstDetector.Evaluate([.. Recent(8, relevance: 0.1)], Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
        Assert.Equal("0", signal.Facts!["count"]);
    }

    [Fact]
    public void Evaluate_BaselineItems_NeverAlertAndSayWhy()
    {
        var signal = NewsBurstDetector.Evaluate([.. Recent(8, baseline: true)], Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
        Assert.True(signal.Baseline);
        Assert.Contains("baseline", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OldStoryRepeatedInWindow_NotNew()
    {
        // Six stories first carried 3 days ago and repeated today by other outlets: not a burst today.
        var old = Enumerable.Range(0, 6).Select(i => Item($"s-{i}", Now.AddDays(-3)));
        var repeats = Enumerable.Range(0, 6).Select(i => Item($"s-{i}", Now.AddHours(-2), outlet: "other"));

        var signal = NewsBurstDetector.Evaluate([.. old, .. repeats], Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
    }

    [Fact]
    public void Evaluate_ItemsAfterNow_Ignored()
    {
        var signal = NewsBurstDetector.Evaluate([.. Recent(6)], Rule, Now.AddHours(-3)).Signals[0];

        Assert.Null(signal.Severity);
    }
}
