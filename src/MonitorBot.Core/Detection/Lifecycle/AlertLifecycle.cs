using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// The alert lifecycle state machine: pure, one fingerprint at a time, time passed in.
/// <list type="bullet">
/// <item>A holding signal starts an episode in Pending; it fires once it has held for PendingCount evaluations and PendingFor time (critical fires at once by default).</item>
/// <item>While firing: no duplicate notifications; the state follows the latest evaluation (severity, title, figures); a higher severity notifies (Escalated), a lower one too (Deescalated: the detector applies its own hysteresis); reminders unless acknowledged, every ReminderInterval at first, then further apart (up to MaxReminderInterval).</item>
/// <item>A clear signal (Severity null) resolves a firing alert (Resolved: the original message is edited) or drops a pending one.</item>
/// <item>Re-firing within Cooldown of a resolution is suppressed, unless the new severity is higher than the resolved one.</item>
/// <item>Muted (MutedUntil &gt; now): the state is tracked but nothing is notified; a Fired notice is sent when the mute ends if the alert still fires.</item>
/// <item>Baseline signals (first poll of a source) never change anything.</item>
/// </list>
/// </summary>
public static class AlertLifecycle
{
    public static LifecycleOutcome Apply(AlertState? current, Signal signal, DateTimeOffset now, LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(options);
        if (current is not null && !string.Equals(current.Fingerprint, signal.Fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException($"State '{current.Fingerprint}' does not belong to signal '{signal.Fingerprint}'.", nameof(current));
        }

        var o = options.For(signal.Topic);

        if (signal.Baseline && current is not { Status: AlertStatus.Pending or AlertStatus.Firing })
        {
            return Outcome(current, null, signal, ReasonCode.Baseline,
                $"baseline evidence only (first poll of a source): never alerts. {signal.Reason}", now);
        }

        // Baseline evidence never holds a condition: a pending or firing alert with only baseline evidence left clears.
        return signal.Severity is null || signal.Baseline
            ? Clear(current, signal, now)
            : Hold(current, signal, signal.Severity.Value, now, o, tick: false);
    }

    /// <summary>
    /// Re-evaluates a state with no new signal (a periodic sweep): a pending alert whose PendingFor has elapsed
    /// fires, a firing one gets its due reminder, or its Fired notice once a mute is over. The condition is
    /// assumed to still hold as last seen; nothing else changes. A resolved state is left alone.
    /// </summary>
    public static LifecycleOutcome Tick(AlertState state, DateTimeOffset now, LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var signal = new Signal(state.Fingerprint, state.Rule, state.Topic, state.Severity, 0, state.Title, state.Reason, state.Source, now, null, null);
        if (state.Status == AlertStatus.Resolved)
        {
            return Outcome(state, null, signal, ReasonCode.BelowThreshold, "not pending or firing: nothing to do", now);
        }

        return Hold(state, signal, state.Severity, now, options.For(state.Topic), tick: true);
    }

    /// <summary>Acknowledges the current episode: no more reminders (escalation still notifies).</summary>
    public static AlertState Ack(AlertState state, string who, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        return state with { AckedBy = who, AckedAt = now };
    }

    /// <summary>Mutes the fingerprint until <paramref name="until"/>: tracked, not notified.</summary>
    public static AlertState Mute(AlertState state, DateTimeOffset until, string who, string? why)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        return state with { MutedUntil = until, MutedBy = who, MuteReason = string.IsNullOrWhiteSpace(why) ? null : why.Trim() };
    }

    /// <summary>A state for a fingerprint that has never fired, so it can be muted in advance.</summary>
    public static AlertState MutePlaceholder(string fingerprint, string rule, string topic, DateTimeOffset until, string who, string? why, DateTimeOffset now) =>
        Mute(new AlertState(fingerprint, rule, topic, AlertStatus.Resolved, AlertSeverity.Info, fingerprint, "muted before it fired", "",
            now, null, null, null, null, null, null, null, null, null, 0, 0), until, who, why);

    public static AlertState Unmute(AlertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with { MutedUntil = null, MutedBy = null, MuteReason = null };
    }

    private static LifecycleOutcome Clear(AlertState? current, Signal signal, DateTimeOffset now)
    {
        switch (current?.Status)
        {
            case null:
                return Outcome(null, null, signal, ReasonCode.BelowThreshold, $"condition not holding: {signal.Reason}", now);

            case AlertStatus.Resolved:
                return Outcome(current, null, signal, ReasonCode.BelowThreshold, $"condition not holding: {signal.Reason}", now);

            case AlertStatus.Pending:
            {
                var next = current with
                {
                    Status = AlertStatus.Resolved,
                    PendingSince = null,
                    FiredAt = null,
                    ResolvedAt = now,
                    ConsecutiveHolds = 0,
                    Reason = signal.Reason,
                };
                return Outcome(next, null, signal, ReasonCode.BelowThreshold,
                    $"cleared while pending (held {current.ConsecutiveHolds} evaluation(s)), never fired: {signal.Reason}", now);
            }

            default:
            {
                var next = current with
                {
                    Status = AlertStatus.Resolved,
                    PendingSince = null,
                    ResolvedAt = now,
                    ConsecutiveHolds = 0,
                    Reason = signal.Reason,
                };
                if (current.LastNotifiedAt is null)
                {
                    return Outcome(next, null, signal, ReasonCode.Resolved, $"resolved (never notified: was muted): {signal.Reason}", now);
                }

                return Outcome(next, NotifyKind.Resolved, signal, ReasonCode.Resolved,
                    $"resolved after firing since {Format.Time(current.FiredAt ?? current.FirstSeen)}: {signal.Reason}", now);
            }
        }
    }

    private static LifecycleOutcome Hold(AlertState? current, Signal signal, AlertSeverity severity, DateTimeOffset now, EffectiveLifecycle o, bool tick)
    {
        if (current is null || current.Status == AlertStatus.Resolved)
        {
            if (current is { FiredAt: not null, ResolvedAt: { } resolvedAt }
                && o.Cooldown > TimeSpan.Zero
                && now < resolvedAt + o.Cooldown
                && severity <= current.Severity)
            {
                return Outcome(current, null, signal, ReasonCode.SuppressedByCooldown,
                    $"{severity} condition again within the {Format.Span(o.Cooldown)} cooldown after resolution at {Format.Time(resolvedAt)} "
                    + $"(suppressed until {Format.Time(resolvedAt + o.Cooldown)}): {signal.Reason}", now);
            }

            var started = new AlertState(
                signal.Fingerprint, signal.Rule, signal.Topic, AlertStatus.Pending, severity, signal.Title, signal.Reason, signal.Source,
                FirstSeen: current?.FirstSeen ?? now,
                PendingSince: now,
                FiredAt: null,
                LastNotifiedAt: null,
                ResolvedAt: null,
                AckedBy: null,
                AckedAt: null,
                MutedUntil: current?.MutedUntil,
                MutedBy: current?.MutedBy,
                MuteReason: current?.MuteReason,
                Occurrences: (current?.Occurrences ?? 0) + 1,
                ConsecutiveHolds: 1)
            {
                PeakSeverity = severity,
            };
            return PendingOrFire(started, signal, now, o);
        }

        // The alert follows the data: severity, title and figures are the latest evaluation's (the decision log keeps the peak).
        var updated = current with
        {
            Severity = severity,
            PeakSeverity = severity > current.Peak ? severity : current.Peak,
            Title = signal.Title,
            Reason = signal.Reason,
            Source = signal.Source,
            ConsecutiveHolds = tick ? current.ConsecutiveHolds : current.ConsecutiveHolds + 1,
        };

        if (current.Status == AlertStatus.Pending)
        {
            return PendingOrFire(updated, signal, now, o);
        }

        // Firing.
        var muted = current.IsMuted(now);
        if (current.LastNotifiedAt is null)
        {
            // Fired while muted: tell once the mute is over.
            return muted
                ? Outcome(updated, null, signal, ReasonCode.Muted, MutedText(current, "firing"), now)
                : Outcome(updated with { LastNotifiedAt = now }, NotifyKind.Fired, signal, ReasonCode.Fired,
                    $"firing since {Format.Time(current.FiredAt ?? now)}, not notified while muted; mute over: {signal.Reason}", now);
        }

        if (severity > current.Severity)
        {
            return muted
                ? Outcome(updated, null, signal, ReasonCode.Muted, MutedText(current, $"escalated {current.Severity} → {severity}"), now)
                : Outcome(updated with { LastNotifiedAt = now }, NotifyKind.Escalated, signal, ReasonCode.Escalated,
                    $"escalated {current.Severity} → {severity}: {signal.Reason}", now);
        }

        if (severity < current.Severity)
        {
            // Market data that eased is news to the team; news and health evidence ageing out of its window is not:
            // there the step down is recorded (decision, state) without a message.
            if (current.Topic is not (AlertTopics.Price or AlertTopics.Trade))
            {
                return Outcome(updated, null, signal, ReasonCode.Deescalated,
                    $"de-escalated {current.Severity} → {severity} (not notified for topic {current.Topic}), still firing since {Format.Time(current.FiredAt ?? now)}: {signal.Reason}", now);
            }

            return muted
                ? Outcome(updated, null, signal, ReasonCode.Muted, MutedText(current, $"de-escalated {current.Severity} → {severity}"), now)
                : Outcome(updated with { LastNotifiedAt = now }, NotifyKind.Deescalated, signal, ReasonCode.Deescalated,
                    $"de-escalated {current.Severity} → {severity}, still firing since {Format.Time(current.FiredAt ?? now)}: {signal.Reason}", now);
        }

        if (current.AckedAt is { } ackedAt)
        {
            return Outcome(updated, null, signal, ReasonCode.Acknowledged,
                $"firing since {Format.Time(current.FiredAt ?? now)}, acknowledged by {current.AckedBy} at {Format.Time(ackedAt)}: no reminders", now);
        }

        if (o.ReminderInterval > TimeSpan.Zero && now >= current.LastNotifiedAt.Value + o.ReminderGap(current))
        {
            return muted
                ? Outcome(updated, null, signal, ReasonCode.Muted, MutedText(current, "reminder due"), now)
                : Outcome(updated with { LastNotifiedAt = now }, NotifyKind.Reminder, signal, ReasonCode.Reminder,
                    $"still firing since {Format.Time(current.FiredAt ?? now)} ({Format.Span(now - (current.FiredAt ?? now))}), unacknowledged: {signal.Reason}", now);
        }

        var nextReminder = o.ReminderInterval > TimeSpan.Zero
            ? $"; next reminder at {Format.Time(current.LastNotifiedAt.Value + o.ReminderGap(current))}"
            : "";
        return Outcome(updated, null, signal, ReasonCode.AlreadyFiring,
            $"already firing since {Format.Time(current.FiredAt ?? now)}, notified at {Format.Time(current.LastNotifiedAt.Value)}{nextReminder}", now);
    }

    private static LifecycleOutcome PendingOrFire(AlertState state, Signal signal, DateTimeOffset now, EffectiveLifecycle o)
    {
        var since = state.PendingSince ?? now;
        var immediate = o.CriticalFiresImmediately && state.Severity == AlertSeverity.Critical;
        var ready = immediate || (state.ConsecutiveHolds >= o.PendingCount && now - since >= o.PendingFor);
        if (!ready)
        {
            return Outcome(state, null, signal, ReasonCode.Pending,
                $"{state.Severity} condition holding {state.ConsecutiveHolds}/{o.PendingCount} evaluation(s), "
                + $"{Format.Span(now - since)}/{Format.Span(o.PendingFor)} since {Format.Time(since)}: {signal.Reason}", now);
        }

        var fired = state with { Status = AlertStatus.Firing, FiredAt = now };
        if (state.IsMuted(now))
        {
            return Outcome(fired, null, signal, ReasonCode.Muted, MutedText(state, $"{state.Severity} fired"), now);
        }

        return Outcome(fired with { LastNotifiedAt = now }, NotifyKind.Fired, signal, ReasonCode.Fired,
            $"{state.Severity} fired{(immediate && state.ConsecutiveHolds < o.PendingCount ? " (critical: no pending period)" : "")}: {signal.Reason}", now);
    }

    private static string MutedText(AlertState state, string what) =>
        $"{what}, but muted until {Format.Time(state.MutedUntil!.Value)} by {state.MutedBy}{(state.MuteReason is null ? "" : $" ({state.MuteReason})")}";

    private static LifecycleOutcome Outcome(AlertState? next, NotifyKind? kind, Signal signal, ReasonCode code, string text, DateTimeOffset now)
    {
        IReadOnlyList<AlertAction> actions = kind is { } k && next is not null
            ? [new AlertAction(k, next.Fingerprint, next.Topic, next.Severity, next.Title, next.Reason, now)]
            : [];
        return new LifecycleOutcome(next, actions, new Decision(signal.Fingerprint, code, text, now));
    }
}
