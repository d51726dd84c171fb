using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

public enum AlertStatus
{
    /// <summary>The condition holds but has not held long enough (time or evaluations) to fire.</summary>
    Pending = 0,
    Firing = 1,
    /// <summary>The condition cleared (or a pending condition cleared before firing, or a mute placeholder).</summary>
    Resolved = 2,
}

/// <summary>
/// Persistent state of one alert fingerprint. One row per fingerprint, kept across episodes
/// (pending → firing → resolved → pending ...).
/// </summary>
/// <param name="Severity">The severity of the latest evaluation of the current (or last) episode: it moves up (escalated) and down (de-escalated) with the data.</param>
/// <param name="Title">The latest evaluation's headline (its figures are the current ones).</param>
/// <param name="FirstSeen">When the fingerprint was first seen holding (ever).</param>
/// <param name="PendingSince">When the current episode started holding (kept while firing: the episode's start); null when resolved.</param>
/// <param name="FiredAt">When the current (or last) episode fired; null if it has not fired.</param>
/// <param name="LastNotifiedAt">Last Fired/Escalated/Reminder notification of the episode; null if none was sent (e.g. muted).</param>
/// <param name="ResolvedAt">When the last episode resolved; null while pending or firing.</param>
/// <param name="AckedBy">Who acknowledged the current episode (cleared when a new episode starts).</param>
/// <param name="MutedUntil">No notifications before this time (the mute outlives episodes).</param>
/// <param name="Occurrences">Episodes so far (each start of pending counts one).</param>
/// <param name="ConsecutiveHolds">Consecutive evaluations holding in the current episode.</param>
public sealed record AlertState(
    string Fingerprint,
    string Rule,
    string Topic,
    AlertStatus Status,
    AlertSeverity Severity,
    string Title,
    string Reason,
    string Source,
    DateTimeOffset FirstSeen,
    DateTimeOffset? PendingSince,
    DateTimeOffset? FiredAt,
    DateTimeOffset? LastNotifiedAt,
    DateTimeOffset? ResolvedAt,
    string? AckedBy,
    DateTimeOffset? AckedAt,
    DateTimeOffset? MutedUntil,
    string? MutedBy,
    string? MuteReason,
    int Occurrences,
    int ConsecutiveHolds)
{
    /// <summary>The highest severity of the current (or last) episode; null in rows written before it was kept.</summary>
    public AlertSeverity? PeakSeverity { get; init; }

    /// <summary>The episode's peak: <see cref="PeakSeverity"/>, else the current severity.</summary>
    public AlertSeverity Peak => PeakSeverity is { } p && p > Severity ? p : Severity;

    public bool IsFiring => Status == AlertStatus.Firing;

    public bool IsAcknowledged => AckedAt is not null;

    public bool IsMuted(DateTimeOffset now) => MutedUntil is { } until && until > now;

    /// <summary>The firing alert as the supply-status rules see it; null unless firing.</summary>
    public AlertSummary? ToSummary() =>
        Status == AlertStatus.Firing
            ? new AlertSummary(Fingerprint, Rule, Topic, Severity, Title, Source, FiredAt ?? PendingSince ?? FirstSeen)
            : null;
}

/// <summary>What a notification is about.</summary>
public enum NotifyKind
{
    Fired = 0,
    Escalated = 1,
    Reminder = 2,
    /// <summary>Edit the original message to show the alert resolved.</summary>
    Resolved = 3,
    /// <summary>Still firing, at a lower severity than last notified (critical → warning).</summary>
    Deescalated = 4,
}

/// <summary>Something the outbox must do for an alert.</summary>
public sealed record AlertAction(
    NotifyKind Kind,
    string Fingerprint,
    string Topic,
    AlertSeverity Severity,
    string Title,
    string Reason,
    DateTimeOffset At);

/// <summary>Why the lifecycle did (or did not) notify.</summary>
public enum ReasonCode
{
    Fired = 0,
    Escalated = 1,
    Reminder = 2,
    Resolved = 3,
    Pending = 4,
    SuppressedByCooldown = 5,
    Muted = 6,
    BelowThreshold = 7,
    Baseline = 8,
    AlreadyFiring = 9,
    Acknowledged = 10,
    /// <summary>Still firing, severity lowered to what the latest evaluation supports.</summary>
    Deescalated = 11,
}

/// <summary>One recorded decision: "why did / didn't it alert".</summary>
public sealed record Decision(string Fingerprint, ReasonCode Code, string Text, DateTimeOffset At)
{
    /// <summary>The reason code as stored ("suppressed_by_cooldown").</summary>
    public string CodeName => ToSnake(Code);

    public static string ToSnake(ReasonCode code)
    {
        var name = code.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}

/// <summary>The result of applying one signal to one alert state.</summary>
/// <param name="Next">The state to persist (null: nothing to store, e.g. a clear signal with no prior state).</param>
/// <param name="Actions">Notifications for the outbox (at most one).</param>
/// <param name="Decision">Why.</param>
public sealed record LifecycleOutcome(AlertState? Next, IReadOnlyList<AlertAction> Actions, Decision Decision)
{
    public bool Changed(AlertState? current) => !Equals(current, Next);
}
