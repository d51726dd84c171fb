using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Feeds;

public class FeedHealthPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);
    private readonly FeedHealthPolicy _policy = new(new FeedHealthSettings(3, 10, TimeSpan.FromHours(6)));

    private static FeedState NewFeed() => new("gnews-kachin", FeedKinds.Rss, FeedStatus.New);

    private FeedState FailTimes(FeedState state, int times)
    {
        for (var i = 0; i < times; i++)
        {
            state = _policy.OnFailure(state, Now, Interval, $"HTTP 503 #{i + 1}");
        }

        return state;
    }

    [Fact]
    public void OnSuccess_NewFeed_OkWithBaselineDoneAndValidators()
    {
        var next = Now.AddMinutes(30);

        var s = _policy.OnSuccess(NewFeed(), Now, next, "\"abc\"", "Tue, 20 May 2025 07:00:00 GMT", 12);

        Assert.Equal(FeedStatus.Ok, s.Status);
        Assert.Null(s.StatusReason);
        Assert.Equal("\"abc\"", s.ETag);
        Assert.Equal("Tue, 20 May 2025 07:00:00 GMT", s.LastModified);
        Assert.Equal(Now, s.LastAttempt);
        Assert.Equal(Now, s.LastSuccess);
        Assert.Equal(next, s.NextRun);
        Assert.True(s.BaselineDone);
        Assert.Equal(12, s.ItemsTotal);
        Assert.Equal(0, s.ConsecutiveFailures);
    }

    [Fact]
    public void OnSuccess_AfterFailures_ResetsAndClearsError()
    {
        var failing = FailTimes(NewFeed(), 4);
        Assert.Equal(FeedStatus.Degraded, failing.Status);

        var s = _policy.OnSuccess(failing with { ETag = "\"old\"", ItemsTotal = 5 }, Now, Now.AddMinutes(30), null, null, 3);

        Assert.Equal(FeedStatus.Ok, s.Status);
        Assert.Equal(0, s.ConsecutiveFailures);
        Assert.Null(s.LastError);
        Assert.Null(s.StatusReason);
        Assert.Equal("\"old\"", s.ETag);
        Assert.Equal(8, s.ItemsTotal);
    }

    [Theory]
    [InlineData(1, FeedStatus.New)]
    [InlineData(2, FeedStatus.New)]
    [InlineData(3, FeedStatus.Degraded)]
    [InlineData(9, FeedStatus.Degraded)]
    [InlineData(10, FeedStatus.Disabled)]
    [InlineData(11, FeedStatus.Disabled)]
    public void OnFailure_ConsecutiveFailures_Transitions(int failures, FeedStatus expected)
    {
        var s = FailTimes(NewFeed(), failures);

        Assert.Equal(expected, s.Status);
        Assert.Equal(failures, s.ConsecutiveFailures);
        Assert.Equal(Now, s.LastAttempt);
        Assert.StartsWith("HTTP 503", s.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void OnFailure_OkFeedBelowThreshold_StaysOk()
    {
        var ok = _policy.OnSuccess(NewFeed(), Now, Now, null, null, 0);

        var s = _policy.OnFailure(ok, Now, Interval, "timeout");

        Assert.Equal(FeedStatus.Ok, s.Status);
        Assert.Equal("timeout", s.LastError);
    }

    [Fact]
    public void OnFailure_ReachingDisabled_KeepsReasonWithLastError()
    {
        var s = FailTimes(NewFeed(), 10);

        Assert.Equal("disabled after 10 consecutive failures: HTTP 503 #10", s.StatusReason);
        Assert.False(_policy.ShouldRun(s, Now.AddDays(30)));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 360)]
    [InlineData(9, 360)]
    [InlineData(60, 360)]
    public void OnFailure_Backoff_DoublesUpToMax(int failures, int expectedMinutes)
    {
        var s = FailTimes(NewFeed(), failures);

        Assert.Equal(Now.AddMinutes(expectedMinutes), s.NextRun);
    }

    [Fact]
    public void Backoff_IntervalLongerThanMax_CappedAtMax()
    {
        Assert.Equal(TimeSpan.FromHours(6), _policy.Backoff(TimeSpan.FromDays(1), 1));
    }

    [Fact]
    public void OnFailure_LongError_Truncated()
    {
        var s = _policy.OnFailure(NewFeed(), Now, Interval, new string('x', 5000));

        Assert.Equal(FeedHealthPolicy.MaxErrorLength, s.LastError!.Length);
    }

    [Theory]
    [InlineData(FeedStatus.New, null, true)]
    [InlineData(FeedStatus.Ok, null, true)]
    [InlineData(FeedStatus.Ok, -1, true)]
    [InlineData(FeedStatus.Ok, 0, true)]
    [InlineData(FeedStatus.Ok, 1, true)]            // healthy: the trigger decides, a next run a moment later must not skip it (issue 8)
    [InlineData(FeedStatus.Ok, 60, true)]           // healthy after a restart: an old stored next run is not waited for
    [InlineData(FeedStatus.Ok, 1, false, 1)]        // one failure: inside its backoff
    [InlineData(FeedStatus.Degraded, -1, true, 3)]
    [InlineData(FeedStatus.Degraded, 5, false, 3)]
    [InlineData(FeedStatus.Disabled, -1, false)]
    [InlineData(FeedStatus.Disabled, null, false)]
    public void ShouldRun_StatusAndNextRun_Decides(FeedStatus status, int? nextRunOffsetMinutes, bool expected, int failures = 0)
    {
        var s = NewFeed() with { Status = status, ConsecutiveFailures = failures, NextRun = nextRunOffsetMinutes is { } m ? Now.AddMinutes(m) : null };

        Assert.Equal(expected, _policy.ShouldRun(s, Now));
    }

    [Fact]
    public void ShouldRun_UnknownFeed_True()
    {
        Assert.True(_policy.ShouldRun(null, Now));
    }

    [Fact]
    public void Pause_ThenSuccessOrFailure_StaysPaused()
    {
        var ok = _policy.OnSuccess(NewFeed(), Now, Now, null, null, 0);

        var paused = _policy.Pause(ok, "alice");
        var afterSuccess = _policy.OnSuccess(paused, Now, Now.AddMinutes(30), null, null, 1);
        var afterFailure = _policy.OnFailure(paused, Now, Interval, "boom");

        Assert.Equal(FeedStatus.Disabled, paused.Status);
        Assert.Equal("paused by alice", paused.StatusReason);
        Assert.True(FeedHealthPolicy.IsPaused(paused));
        Assert.False(_policy.ShouldRun(paused, Now));
        Assert.Equal(FeedStatus.Disabled, afterSuccess.Status);
        Assert.Equal("paused by alice", afterSuccess.StatusReason);
        Assert.Equal(FeedStatus.Disabled, afterFailure.Status);
        Assert.Equal("paused by alice", afterFailure.StatusReason);
    }

    [Fact]
    public void Reenable_DisabledAfterFailures_BackToOkAndDueNow()
    {
        var wasOk = _policy.OnSuccess(NewFeed(), Now.AddDays(-1), Now, null, null, 0);
        var disabled = FailTimes(wasOk, 10);

        var s = _policy.Reenable(disabled, Now);

        Assert.Equal(FeedStatus.Ok, s.Status);
        Assert.Null(s.StatusReason);
        Assert.Equal(0, s.ConsecutiveFailures);
        Assert.Equal(Now, s.NextRun);
        Assert.True(_policy.ShouldRun(s, Now));
        Assert.False(FeedHealthPolicy.IsPaused(s));
    }

    [Fact]
    public void Reenable_NeverSucceeded_BackToNew()
    {
        var s = _policy.Reenable(_policy.Pause(NewFeed(), "bob"), Now);

        Assert.Equal(FeedStatus.New, s.Status);
    }

    [Fact]
    public void Constructor_DisabledBelowDegraded_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedHealthPolicy(new FeedHealthSettings(5, 2, TimeSpan.FromHours(1))));
    }
}
