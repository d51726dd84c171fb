using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using static MonitorBot.Core.Tests.Detection.NewsItems;

namespace MonitorBot.Core.Tests.Detection;

public sealed class NewsSignalDetectorTests
{
    private static readonly NewsRuleOptions Rule = new();
    private static readonly HashSet<string> HighSeverity = new(StringComparer.OrdinalIgnoreCase)
    {
        "ultimatum", "blockade", "export ban", "border closure", "mine shutdown", "capture of Bhamo",
    };

    private static Signal For(IReadOnlyList<NewsItem> items, string signal) =>
        NewsSignalDetector.Evaluate(items, HighSeverity, Rule, Now).Signals.Single(s => s.SeriesOrEntity == Slug(signal));

    private static string Slug(string s) => s.ToLowerInvariant().Replace(' ', '-');

    private static NewsItem Ultimatum(string titleKey, string? outlet, double hoursAgo = 2, bool baseline = false, double relevance = 0.9, string? url = null) =>
        Item(titleKey, Now.AddHours(-hoursAgo), outlet, relevance, baseline, ["ultimatum", "China", "KIA", "Bhamo"], url);

    public static TheoryData<string, NewsItem[], AlertSeverity?> Cases => new()
    {
        { "one outlet", [Ultimatum("a", "irrawaddy")], AlertSeverity.Warning },
        { "two outlets, two stories", [Ultimatum("a", "irrawaddy"), Ultimatum("b", "reuters")], AlertSeverity.Critical },
        { "two outlets, same wire copy", [Ultimatum("a", "reuters"), Ultimatum("a", "arab news", hoursAgo: 1)], AlertSeverity.Warning },
        { "wire copy plus own report", [Ultimatum("a", "reuters"), Ultimatum("a", "mizzima", 1), Ultimatum("b", "mizzima", 1)], AlertSeverity.Critical },
        { "same outlet twice", [Ultimatum("a", "irrawaddy"), Ultimatum("b", "Irrawaddy ")], AlertSeverity.Warning },
        { "domains when no outlet", [Ultimatum("a", null, url: "https://www.irrawaddy.com/x"), Ultimatum("b", null, url: "https://myanmar-now.org/y")], AlertSeverity.Critical },
        { "same domain when no outlet", [Ultimatum("a", null, url: "https://www.irrawaddy.com/x"), Ultimatum("b", null, url: "https://irrawaddy.com/y")], AlertSeverity.Warning },
        { "baseline only", [Ultimatum("a", "irrawaddy", baseline: true), Ultimatum("b", "reuters", baseline: true)], null },
        { "baseline does not corroborate", [Ultimatum("a", "irrawaddy"), Ultimatum("b", "reuters", baseline: true)], AlertSeverity.Warning },
        { "irrelevant", [Ultimatum("a", "irrawaddy", relevance: 0.1), Ultimatum("b", "reuters", relevance: 0.2)], null },
        { "outside the 72 h window", [Ultimatum("a", "irrawaddy", hoursAgo: 73), Ultimatum("b", "reuters", hoursAgo: 80)], null },
        { "one inside, one outside", [Ultimatum("a", "irrawaddy", hoursAgo: 71), Ultimatum("b", "reuters", hoursAgo: 80)], AlertSeverity.Warning },
        { "nothing", [], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_IndependentSources_Table(string name, NewsItem[] items, AlertSeverity? expected)
    {
        var signal = For(items, "ultimatum");

        Assert.True(expected == signal.Severity, $"{name}: expected {expected}, got {signal.Severity} ({signal.Reason})");
        Assert.Equal("news-signal:ultimatum", signal.Fingerprint);
        Assert.Equal(AlertTopics.News, signal.Topic);
    }

    [Fact]
    public void Evaluate_BaselineOnly_FlaggedBaseline()
    {
        var signal = For([Ultimatum("a", "irrawaddy", baseline: true)], "ultimatum");

        Assert.True(signal.Baseline);
        Assert.Contains("baseline items never alert", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EverySignalName_OneSignalEach()
    {
        var signals = NewsSignalDetector.Evaluate([Ultimatum("a", "irrawaddy")], HighSeverity, Rule, Now).Signals;

        Assert.Equal(HighSeverity.Count, signals.Count);
        Assert.Contains(signals, s => s.Fingerprint == "news-signal:export-ban" && s.Severity is null);
        Assert.Contains(signals, s => s.Fingerprint == "news-signal:capture-of-bhamo" && s.Severity is null);
        Assert.Single(signals, s => s.Holds);
    }

    [Fact]
    public void Evaluate_EntityCaseDiffers_StillMatches()
    {
        var item = Item("a", Now.AddHours(-1), "irrawaddy", 0.9, false, ["Export Ban", "China"]);

        var signal = For([item], "export ban");

        Assert.Equal(AlertSeverity.Warning, signal.Severity);
        Assert.Equal("news-signal:export-ban", signal.Fingerprint);
    }

    [Fact]
    public void Evaluate_Critical_TitleAndFactsNameEntityAndOutlets()
    {
        var signal = For([Ultimatum("a", "irrawaddy"), Ultimatum("b", "reuters", 1), Ultimatum("b", "arab news", 0.5)], "ultimatum");

        Assert.Equal(AlertSeverity.Critical, signal.Severity);
        Assert.Equal("2", signal.Facts!["independent_sources"]);
        Assert.Equal("irrawaddy,reuters", signal.Facts["outlets"]);
        Assert.Contains("1 wire copy", signal.Reason, StringComparison.Ordinal);
        Assert.StartsWith("News signal: ultimatum (", signal.Title, StringComparison.Ordinal);
        Assert.Equal(1, signal.Score);
    }
}
