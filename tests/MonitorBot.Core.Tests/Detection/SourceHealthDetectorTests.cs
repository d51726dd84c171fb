using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

public sealed class SourceHealthDetectorTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthRuleOptions Rule = new();
    private static readonly Dictionary<string, TimeSpan> Cadence = new() { ["gdelt"] = TimeSpan.FromHours(1) };

    [Theory]
    // status, hours since last success (null = never), expected severity, expected word in the title
    [InlineData(FeedStatus.Ok, 0.5, null, "healthy")]
    [InlineData(FeedStatus.Ok, 2.9, null, "healthy")]
    [InlineData(FeedStatus.Ok, 3.5, AlertSeverity.Warning, "stale")]
    [InlineData(FeedStatus.Ok, 13.0, AlertSeverity.Critical, "stale")]
    [InlineData(FeedStatus.Degraded, 1.5, AlertSeverity.Warning, "degraded")]
    [InlineData(FeedStatus.Degraded, 5.0, AlertSeverity.Warning, "degraded and stale")]
    [InlineData(FeedStatus.Disabled, 100.0, AlertSeverity.Critical, "disabled")]
    [InlineData(FeedStatus.New, null, null, "healthy")]
    public void Evaluate_StatusAndStaleness_Table(FeedStatus status, double? hoursSinceSuccess, AlertSeverity? expected, string titleWord)
    {
        var feed = new FeedState("gdelt", "gdelt", status, StatusReason: status == FeedStatus.Disabled ? "HTTP 403 ten times" : null,
            LastSuccess: hoursSinceSuccess is { } h ? Now.AddHours(-h) : null, LastError: status == FeedStatus.Degraded ? "timeout" : null,
            ConsecutiveFailures: status == FeedStatus.Degraded ? 3 : 0);

        var signal = Assert.Single(SourceHealthDetector.Evaluate([feed], Cadence, Rule, Now).Signals);

        Assert.Equal(expected, signal.Severity);
        Assert.Contains(titleWord, signal.Title, StringComparison.Ordinal);
        Assert.Equal("source-health:gdelt", signal.Fingerprint);
        Assert.Equal(AlertTopics.Health, signal.Topic);
    }

    [Theory]
    // minutes since the monitor started, expected severity: a source last seen 2 days ago (downtime) is not stale until it has had
    // one cadence (1 h) plus the start-up grace (5 min) to poll
    [InlineData(0, null)]
    [InlineData(64, null)]
    [InlineData(66, AlertSeverity.Critical)]
    public void Evaluate_AfterRestart_StaleOnlyOnceTheSourceHadItsChance(int minutesSinceStart, AlertSeverity? expected)
    {
        var started = Now.AddMinutes(-minutesSinceStart);
        var feed = new FeedState("gdelt", "gdelt", FeedStatus.Ok, LastSuccess: Now.AddDays(-2));

        var signal = Assert.Single(SourceHealthDetector.Evaluate([feed], Cadence, Rule, Now, started).Signals);

        Assert.Equal(expected, signal.Severity);
    }

    [Fact]
    public void Evaluate_Disabled_ReasonKept()
    {
        var feed = new FeedState("acled", "rss", FeedStatus.Disabled, StatusReason: "paused by admin: key expired");

        var signal = SourceHealthDetector.Evaluate([feed], Cadence, Rule, Now).Signals[0];

        Assert.Equal(AlertSeverity.Critical, signal.Severity);
        Assert.Contains("paused by admin: key expired", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownCadence_NoStaleTest()
    {
        var feed = new FeedState("other", "rss", FeedStatus.Ok, LastSuccess: Now.AddDays(-30));

        var signal = SourceHealthDetector.Evaluate([feed], Cadence, Rule, Now).Signals[0];

        Assert.Null(signal.Severity);
    }

    [Fact]
    public void Evaluate_CadenceKeyCaseDiffers_StillFound()
    {
        var feed = new FeedState("GDELT", "gdelt", FeedStatus.Ok, LastSuccess: Now.AddHours(-4));

        var signal = SourceHealthDetector.Evaluate([feed], Cadence, Rule, Now).Signals[0];

        Assert.Equal(AlertSeverity.Warning, signal.Severity);
        Assert.Contains("stale", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SeveralFeeds_OneSignalEachOrderedById()
    {
        FeedState[] feeds = [new("b", "rss", FeedStatus.Ok, LastSuccess: Now), new("a", "rss", FeedStatus.Degraded, ConsecutiveFailures: 2)];

        var signals = SourceHealthDetector.Evaluate(feeds, Cadence, Rule, Now).Signals;

        Assert.Equal(["source-health:a", "source-health:b"], signals.Select(s => s.Fingerprint));
        Assert.Equal([AlertSeverity.Warning, (AlertSeverity?)null], signals.Select(s => s.Severity));
    }
}
