using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

public class ReminderSpacingTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);

    private static Signal Holding(DateTimeOffset at) =>
        new("trade-collapse:cn-mm-imports", "trade-collapse", AlertTopics.Trade, AlertSeverity.Critical, 1, "collapse", "311 t", "comtrade", at, "cn-mm-imports", null);

    /// <summary>Evaluates the condition every hour for <paramref name="days"/> days and returns when reminders went out (days after firing).</summary>
    private static List<double> ReminderDays(LifecycleOptions options, int days)
    {
        var outcome = AlertLifecycle.Apply(null, Holding(T0), T0, options);
        var state = outcome.Next!;
        Assert.Equal(AlertStatus.Firing, state.Status);
        var reminders = new List<double>();
        for (var hour = 1; hour <= days * 24; hour++)
        {
            var now = T0.AddHours(hour);
            outcome = AlertLifecycle.Apply(state, Holding(now), now, options);
            state = outcome.Next!;
            if (outcome.Actions.Any(a => a.Kind == NotifyKind.Reminder)) reminders.Add((now - T0).TotalDays);
        }
        return reminders;
    }

    [Fact]
    public void Apply_LongFiringUnacknowledged_RemindersSpaceOutUpToTheCap()
    {
        var reminders = ReminderDays(new LifecycleOptions(), 40);

        Assert.Equal([1, 2, 4, 8, 15, 22, 29, 36], reminders);
    }

    [Fact]
    public void Apply_CapEqualToInterval_EvenlySpacedReminders()
    {
        var reminders = ReminderDays(new LifecycleOptions { MaxReminderInterval = TimeSpan.FromHours(24) }, 5);

        Assert.Equal([1, 2, 3, 4, 5], reminders);
    }

    [Theory]
    [InlineData(0, 24)]     // not notified since firing: the base interval
    [InlineData(24, 24)]    // one day in: still the base interval
    [InlineData(72, 72)]    // three days in: three days
    [InlineData(500, 168)]  // capped at a week
    public void ReminderGap_ByTimeFiringAtLastNotice_Hours(int hoursSinceFiredAtLastNotice, int expectedGapHours)
    {
        var o = new LifecycleOptions().For(AlertTopics.Trade);
        var state = AlertLifecycle.Apply(null, Holding(T0), T0, new LifecycleOptions()).Next! with { LastNotifiedAt = T0.AddHours(hoursSinceFiredAtLastNotice) };

        Assert.Equal(TimeSpan.FromHours(expectedGapHours), o.ReminderGap(state));
    }
}
