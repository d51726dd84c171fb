using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly LifecycleOptions Defaults = new();

    private static Signal Sig(AlertSeverity? severity, string topic = AlertTopics.Price, bool baseline = false) =>
        new("price-oxide:tb-oxide", "price-oxide", topic, severity, severity is null ? 0 : 0.6,
            severity is null ? "tb-oxide: no unusual move" : "tb-oxide up 17.2% vs 90-day baseline",
            severity is null ? "below thresholds" : "+17.2% vs 90-day baseline", "smm", T0, "tb-oxide", null, baseline);

    /// <summary>Applies a sequence of (minutes after T0, severity) and returns every outcome.</summary>
    private static List<LifecycleOutcome> Run(LifecycleOptions options, params (double Minutes, AlertSeverity? Severity)[] steps)
    {
        AlertState? state = null;
        var outcomes = new List<LifecycleOutcome>();
        foreach (var (minutes, severity) in steps)
        {
            var outcome = AlertLifecycle.Apply(state, Sig(severity), T0.AddMinutes(minutes), options);
            outcomes.Add(outcome);
            state = outcome.Next;
        }

        return outcomes;
    }

    private static IEnumerable<ReasonCode> Codes(IEnumerable<LifecycleOutcome> outcomes) => outcomes.Select(o => o.Decision.Code);

    private static IEnumerable<NotifyKind> Notices(IEnumerable<LifecycleOutcome> outcomes) => outcomes.SelectMany(o => o.Actions).Select(a => a.Kind);

    private const AlertSeverity W = AlertSeverity.Warning;
    private const AlertSeverity C = AlertSeverity.Critical;

    public static TheoryData<string, LifecycleOptions, (double, AlertSeverity?)[], ReasonCode[], NotifyKind[]> Transitions => new()
    {
        {
            "fires at once by default", Defaults,
            [(0, W)], [ReasonCode.Fired], [NotifyKind.Fired]
        },
        {
            "no duplicates while firing", Defaults,
            [(0, W), (60, W), (120, W)], [ReasonCode.Fired, ReasonCode.AlreadyFiring, ReasonCode.AlreadyFiring], [NotifyKind.Fired]
        },
        {
            "pending for 3 evaluations", new LifecycleOptions { PendingCount = 3 },
            [(0, W), (10, W), (20, W), (30, W)], [ReasonCode.Pending, ReasonCode.Pending, ReasonCode.Fired, ReasonCode.AlreadyFiring], [NotifyKind.Fired]
        },
        {
            "pending for 1 hour", new LifecycleOptions { PendingFor = TimeSpan.FromHours(1) },
            [(0, W), (30, W), (60, W)], [ReasonCode.Pending, ReasonCode.Pending, ReasonCode.Fired], [NotifyKind.Fired]
        },
        {
            "pending cleared never fires", new LifecycleOptions { PendingCount = 3 },
            [(0, W), (10, W), (20, null), (30, W)], [ReasonCode.Pending, ReasonCode.Pending, ReasonCode.BelowThreshold, ReasonCode.Pending], []
        },
        {
            "critical skips pending", new LifecycleOptions { PendingCount = 3 },
            [(0, C)], [ReasonCode.Fired], [NotifyKind.Fired]
        },
        {
            "critical waits when configured", new LifecycleOptions { PendingCount = 2, CriticalFiresImmediately = false },
            [(0, C), (10, C)], [ReasonCode.Pending, ReasonCode.Fired], [NotifyKind.Fired]
        },
        {
            "escalation notifies once, de-escalation too", Defaults,
            [(0, W), (60, C), (120, C), (180, W), (240, W)],
            [ReasonCode.Fired, ReasonCode.Escalated, ReasonCode.AlreadyFiring, ReasonCode.Deescalated, ReasonCode.AlreadyFiring],
            [NotifyKind.Fired, NotifyKind.Escalated, NotifyKind.Deescalated]
        },
        {
            "critical, warning, critical again: each step told", Defaults,
            [(0, C), (60, W), (120, C), (180, null)],
            [ReasonCode.Fired, ReasonCode.Deescalated, ReasonCode.Escalated, ReasonCode.Resolved],
            [NotifyKind.Fired, NotifyKind.Deescalated, NotifyKind.Escalated, NotifyKind.Resolved]
        },
        {
            "reminder every 24 h", Defaults,
            [(0, W), (23 * 60, W), (24 * 60, W), (25 * 60, W), (48 * 60, W)],
            [ReasonCode.Fired, ReasonCode.AlreadyFiring, ReasonCode.Reminder, ReasonCode.AlreadyFiring, ReasonCode.Reminder],
            [NotifyKind.Fired, NotifyKind.Reminder, NotifyKind.Reminder]
        },
        {
            "reminders off", new LifecycleOptions { ReminderInterval = TimeSpan.Zero },
            [(0, W), (48 * 60, W)], [ReasonCode.Fired, ReasonCode.AlreadyFiring], [NotifyKind.Fired]
        },
        {
            "resolution edits the message", Defaults,
            [(0, W), (60, null), (120, null)], [ReasonCode.Fired, ReasonCode.Resolved, ReasonCode.BelowThreshold], [NotifyKind.Fired, NotifyKind.Resolved]
        },
        {
            "re-fire within cooldown suppressed", Defaults,
            [(0, W), (60, null), (120, W), (60 + 359, W), (60 + 360, W)],
            [ReasonCode.Fired, ReasonCode.Resolved, ReasonCode.SuppressedByCooldown, ReasonCode.SuppressedByCooldown, ReasonCode.Fired],
            [NotifyKind.Fired, NotifyKind.Resolved, NotifyKind.Fired]
        },
        {
            "higher severity breaks cooldown", Defaults,
            [(0, W), (60, null), (120, C)], [ReasonCode.Fired, ReasonCode.Resolved, ReasonCode.Fired], [NotifyKind.Fired, NotifyKind.Resolved, NotifyKind.Fired]
        },
        {
            "no cooldown after a cancelled pending", new LifecycleOptions { PendingCount = 2 },
            [(0, W), (10, null), (20, W), (30, W)], [ReasonCode.Pending, ReasonCode.BelowThreshold, ReasonCode.Pending, ReasonCode.Fired], [NotifyKind.Fired]
        },
        {
            "clear with no state", Defaults,
            [(0, null)], [ReasonCode.BelowThreshold], []
        },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_Sequence_DecisionsAndNotifications(string name, LifecycleOptions options, (double, AlertSeverity?)[] steps, ReasonCode[] codes, NotifyKind[] notices)
    {
        var outcomes = Run(options, steps);

        Assert.True(codes.SequenceEqual(Codes(outcomes)), $"{name}: {string.Join(", ", Codes(outcomes))}");
        Assert.True(notices.SequenceEqual(Notices(outcomes)), $"{name}: {string.Join(", ", Notices(outcomes))}");
        Assert.All(outcomes, o => Assert.False(string.IsNullOrWhiteSpace(o.Decision.Text)));
    }

    [Fact]
    public void Apply_FirstHold_StateFiringWithTimes()
    {
        var outcome = AlertLifecycle.Apply(null, Sig(W), T0, Defaults);

        var state = outcome.Next!;
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Equal(T0, state.FirstSeen);
        Assert.Equal(T0, state.FiredAt);
        Assert.Equal(T0, state.LastNotifiedAt);
        Assert.Equal(1, state.Occurrences);
        Assert.Equal(1, state.ConsecutiveHolds);
        var action = Assert.Single(outcome.Actions);
        Assert.Equal("price-oxide:tb-oxide", action.Fingerprint);
        Assert.Equal(AlertTopics.Price, action.Topic);
        Assert.Equal(W, action.Severity);
        Assert.Equal("tb-oxide up 17.2% vs 90-day baseline", action.Title);
        Assert.Equal(AlertSeverity.Warning, state.ToSummary()!.Severity);
    }

    [Fact]
    public void Apply_Resolve_KeepsTitleAndOccurrences()
    {
        var fired = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next;
        var resolved = AlertLifecycle.Apply(fired, Sig(null), T0.AddHours(1), Defaults);

        Assert.Equal(AlertStatus.Resolved, resolved.Next!.Status);
        Assert.Equal(T0.AddHours(1), resolved.Next.ResolvedAt);
        Assert.Equal("tb-oxide up 17.2% vs 90-day baseline", resolved.Next.Title);
        Assert.Null(resolved.Next.ToSummary());
        Assert.Equal(NotifyKind.Resolved, Assert.Single(resolved.Actions).Kind);

        var again = AlertLifecycle.Apply(resolved.Next, Sig(W), T0.AddHours(8), Defaults).Next!;
        Assert.Equal(2, again.Occurrences);
        Assert.Equal(T0, again.FirstSeen);
        Assert.Equal(T0.AddHours(8), again.FiredAt);
    }

    [Fact]
    public void Apply_FiringAlert_FollowsTheLatestEvaluationAndKeepsItsPeak()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!;
        state = AlertLifecycle.Apply(state, Sig(C) with { Title = "imports 311 t in 2025-02 (-89% y/y)" }, T0.AddDays(30), Defaults).Next!;
        var eased = AlertLifecycle.Apply(state, Sig(W) with { Title = "imports 2,150 t in 2025-03 (-61.7% y/y)" }, T0.AddDays(60), Defaults);

        Assert.Equal(W, eased.Next!.Severity);
        Assert.Equal(C, eased.Next.Peak);
        Assert.Equal("imports 2,150 t in 2025-03 (-61.7% y/y)", eased.Next.Title);
        Assert.Equal(T0, eased.Next.FiredAt); // the episode began when it first fired
        Assert.Equal(ReasonCode.Deescalated, eased.Decision.Code);
        Assert.Contains("Critical → Warning", eased.Decision.Text, StringComparison.Ordinal);
        var action = Assert.Single(eased.Actions);
        Assert.Equal(NotifyKind.Deescalated, action.Kind);
        Assert.Equal(W, action.Severity);
    }

    [Theory]
    [InlineData(AlertTopics.News)]
    [InlineData(AlertTopics.Health)]
    public void Apply_NewsOrHealthStepsDown_RecordedNotNotified(string topic)
    {
        var state = AlertLifecycle.Apply(null, Sig(C, topic), T0, Defaults).Next!;

        var eased = AlertLifecycle.Apply(state, Sig(W, topic), T0.AddHours(72), Defaults);

        Assert.Equal(ReasonCode.Deescalated, eased.Decision.Code);
        Assert.Empty(eased.Actions);
        Assert.Equal(W, eased.Next!.Severity);
        Assert.Equal(C, eased.Next.Peak);
    }

    [Fact]
    public void Ack_StopsRemindersButNotEscalation()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!;
        state = AlertLifecycle.Ack(state, "alice", T0.AddHours(1));

        var later = AlertLifecycle.Apply(state, Sig(W), T0.AddHours(30), Defaults);
        var escalated = AlertLifecycle.Apply(later.Next, Sig(C), T0.AddHours(31), Defaults);

        Assert.Equal(ReasonCode.Acknowledged, later.Decision.Code);
        Assert.Contains("alice", later.Decision.Text, StringComparison.Ordinal);
        Assert.Empty(later.Actions);
        Assert.Equal(ReasonCode.Escalated, escalated.Decision.Code);
        Assert.Equal(NotifyKind.Escalated, Assert.Single(escalated.Actions).Kind);
    }

    [Fact]
    public void Ack_NewEpisode_Cleared()
    {
        var state = AlertLifecycle.Ack(AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!, "alice", T0);
        state = AlertLifecycle.Apply(state, Sig(null), T0.AddHours(1), Defaults).Next!;

        var next = AlertLifecycle.Apply(state, Sig(W), T0.AddHours(10), Defaults).Next!;

        Assert.Null(next.AckedBy);
        Assert.Null(next.AckedAt);
    }

    [Fact]
    public void Mute_TrackedButNotNotified_ThenNotifiedWhenMuteEnds()
    {
        var placeholder = AlertLifecycle.MutePlaceholder("price-oxide:tb-oxide", "price-oxide", AlertTopics.Price, T0.AddHours(24), "bob", "known move", T0);

        var muted = AlertLifecycle.Apply(placeholder, Sig(W), T0.AddHours(1), Defaults);
        var stillMuted = AlertLifecycle.Apply(muted.Next, Sig(C), T0.AddHours(2), Defaults);
        var after = AlertLifecycle.Apply(stillMuted.Next, Sig(C), T0.AddHours(25), Defaults);
        var next = AlertLifecycle.Apply(after.Next, Sig(C), T0.AddHours(26), Defaults);

        Assert.Equal(ReasonCode.Muted, muted.Decision.Code);
        Assert.Contains("bob", muted.Decision.Text, StringComparison.Ordinal);
        Assert.Contains("known move", muted.Decision.Text, StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Firing, muted.Next!.Status);
        Assert.Empty(muted.Actions);
        Assert.Equal(ReasonCode.Muted, stillMuted.Decision.Code);
        Assert.Empty(stillMuted.Actions);
        Assert.Equal(ReasonCode.Fired, after.Decision.Code);
        Assert.Equal((NotifyKind.Fired, C), (Assert.Single(after.Actions).Kind, after.Actions[0].Severity));
        Assert.Equal(ReasonCode.AlreadyFiring, next.Decision.Code);
    }

    [Fact]
    public void Mute_WhileFiring_ReminderSuppressedResolutionStillEdits()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!;
        state = AlertLifecycle.Mute(state, T0.AddDays(3), "bob", "noise");

        var reminder = AlertLifecycle.Apply(state, Sig(W), T0.AddHours(25), Defaults);
        var resolved = AlertLifecycle.Apply(reminder.Next, Sig(null), T0.AddHours(26), Defaults);

        Assert.Equal(ReasonCode.Muted, reminder.Decision.Code);
        Assert.Empty(reminder.Actions);
        Assert.Equal(ReasonCode.Resolved, resolved.Decision.Code);
        Assert.Equal(NotifyKind.Resolved, Assert.Single(resolved.Actions).Kind);
    }

    [Fact]
    public void Unmute_ClearsMute()
    {
        var state = AlertLifecycle.Mute(AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!, T0.AddDays(1), "bob", "x");

        var unmuted = AlertLifecycle.Unmute(state);

        Assert.True(state.IsMuted(T0));
        Assert.False(unmuted.IsMuted(T0));
        Assert.Null(unmuted.MutedBy);
        Assert.Null(unmuted.MuteReason);
    }

    [Fact]
    public void Apply_BaselineSignal_NeverCreatesState()
    {
        var outcome = AlertLifecycle.Apply(null, Sig(W, baseline: true), T0, Defaults);

        Assert.Null(outcome.Next);
        Assert.Empty(outcome.Actions);
        Assert.Equal(ReasonCode.Baseline, outcome.Decision.Code);
        Assert.Equal("baseline", outcome.Decision.CodeName);
    }

    [Fact]
    public void Apply_BaselineSignalWhileFiring_Resolves()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next;

        var outcome = AlertLifecycle.Apply(state, Sig(null, baseline: true), T0.AddHours(1), Defaults);

        Assert.Equal(ReasonCode.Resolved, outcome.Decision.Code);
    }

    [Fact]
    public void Apply_TopicOverride_AppliesToThatTopicOnly()
    {
        var options = new LifecycleOptions();
        options.Topics["health"] = new TopicLifecycleOptions { PendingCount = 2 };

        var health = AlertLifecycle.Apply(null, Sig(W, AlertTopics.Health), T0, options);
        var price = AlertLifecycle.Apply(null, Sig(W, AlertTopics.Price), T0, options);

        Assert.Equal(ReasonCode.Pending, health.Decision.Code);
        Assert.Equal(ReasonCode.Fired, price.Decision.Code);
    }

    [Fact]
    public void Apply_StateRestoredAfterRestart_NoDuplicateNotification()
    {
        var fired = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!;
        // A restart reloads the same values into a new record instance.
        var reloaded = fired with { };

        var outcome = AlertLifecycle.Apply(reloaded, Sig(W), T0.AddMinutes(5), Defaults);

        Assert.Equal(ReasonCode.AlreadyFiring, outcome.Decision.Code);
        Assert.Empty(outcome.Actions);
    }

    [Fact]
    public void Apply_OtherFingerprintsState_Throws()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next! with { Fingerprint = "other" };

        Assert.Throws<ArgumentException>(() => AlertLifecycle.Apply(state, Sig(W), T0, Defaults));
    }

    [Fact]
    public void Tick_FiringUnacked_ReminderWhenDueOnly()
    {
        var state = AlertLifecycle.Apply(null, Sig(W), T0, Defaults).Next!;

        var early = AlertLifecycle.Tick(state, T0.AddHours(23), Defaults);
        var due = AlertLifecycle.Tick(state, T0.AddHours(24), Defaults);
        var acked = AlertLifecycle.Tick(AlertLifecycle.Ack(state, "alice", T0.AddHours(1)), T0.AddHours(48), Defaults);

        Assert.Equal(ReasonCode.AlreadyFiring, early.Decision.Code);
        Assert.Empty(early.Actions);
        Assert.Equal(NotifyKind.Reminder, Assert.Single(due.Actions).Kind);
        Assert.Equal(T0.AddHours(24), due.Next!.LastNotifiedAt);
        Assert.Equal(state.ConsecutiveHolds, due.Next.ConsecutiveHolds);
        Assert.Equal(ReasonCode.Acknowledged, acked.Decision.Code);
        Assert.Empty(acked.Actions);
    }

    [Fact]
    public void Tick_PendingForElapsed_Fires()
    {
        var options = new LifecycleOptions { PendingFor = TimeSpan.FromHours(2) };
        var pending = AlertLifecycle.Apply(null, Sig(W), T0, options).Next!;

        var notYet = AlertLifecycle.Tick(pending, T0.AddHours(1), options);
        var fired = AlertLifecycle.Tick(pending, T0.AddHours(2), options);
        var resolved = AlertLifecycle.Tick(AlertLifecycle.Apply(pending, Sig(null), T0.AddHours(1), options).Next!, T0.AddHours(3), options);

        Assert.Equal(ReasonCode.Pending, notYet.Decision.Code);
        Assert.Equal(ReasonCode.Fired, fired.Decision.Code);
        Assert.Equal(AlertStatus.Firing, fired.Next!.Status);
        Assert.Empty(resolved.Actions);
        Assert.Equal(AlertStatus.Resolved, resolved.Next!.Status);
    }

    [Theory]
    [InlineData(ReasonCode.SuppressedByCooldown, "suppressed_by_cooldown")]
    [InlineData(ReasonCode.BelowThreshold, "below_threshold")]
    [InlineData(ReasonCode.Fired, "fired")]
    [InlineData(ReasonCode.AlreadyFiring, "already_firing")]
    public void Decision_CodeName_SnakeCase(ReasonCode code, string expected) => Assert.Equal(expected, Decision.ToSnake(code));
}
