using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>The text forms of the alert enums as stored (lower case; reason codes in snake_case).</summary>
internal static class AlertText
{
    private static readonly Dictionary<string, ReasonCode> ReasonCodes =
        Enum.GetValues<ReasonCode>().ToDictionary(Decision.ToSnake, c => c, StringComparer.Ordinal);

    public static string Status(AlertStatus status) => status switch
    {
        AlertStatus.Pending => "pending",
        AlertStatus.Firing => "firing",
        AlertStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown alert status."),
    };

    public static AlertStatus ParseStatus(string text) => text switch
    {
        "pending" => AlertStatus.Pending,
        "firing" => AlertStatus.Firing,
        "resolved" => AlertStatus.Resolved,
        _ => throw new InvalidOperationException($"Unknown alert status '{text}' in the database."),
    };

    public static string Severity(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown alert severity."),
    };

    public static AlertSeverity ParseSeverity(string text) => text switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => throw new InvalidOperationException($"Unknown alert severity '{text}' in the database."),
    };

    public static string Kind(NotifyKind kind) => kind switch
    {
        NotifyKind.Fired => "fired",
        NotifyKind.Escalated => "escalated",
        NotifyKind.Deescalated => "deescalated",
        NotifyKind.Reminder => "reminder",
        NotifyKind.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notification kind."),
    };

    public static NotifyKind ParseKind(string text) => text switch
    {
        "fired" => NotifyKind.Fired,
        "escalated" => NotifyKind.Escalated,
        "deescalated" => NotifyKind.Deescalated,
        "reminder" => NotifyKind.Reminder,
        "resolved" => NotifyKind.Resolved,
        _ => throw new InvalidOperationException($"Unknown notification kind '{text}' in the database."),
    };

    public static ReasonCode ParseReason(string text) =>
        ReasonCodes.TryGetValue(text, out var code)
            ? code
            : throw new InvalidOperationException($"Unknown decision code '{text}' in the database.");
}

/// <summary>An alerts row as Dapper reads and writes it (times in unix ms).</summary>
internal sealed class AlertRow
{
    internal const string Columns = """
        a.id AS Id, a.fingerprint AS Fingerprint, a.rule AS Rule, a.topic AS Topic, a.status AS Status, a.severity AS Severity,
        a.title AS Title, a.reason AS Reason, a.source AS Source, a.first_seen AS FirstSeen, a.pending_since AS PendingSince,
        a.fired_at AS FiredAt, a.last_notified_at AS LastNotifiedAt, a.resolved_at AS ResolvedAt, a.acked_by AS AckedBy,
        a.acked_at AS AckedAt, a.muted_until AS MutedUntil, a.muted_by AS MutedBy, a.mute_reason AS MuteReason,
        a.occurrences AS Occurrences, a.consecutive_holds AS ConsecutiveHolds, a.updated_at AS UpdatedAt, a.peak_severity AS PeakSeverity
        """;

    public long Id { get; set; }
    public string Fingerprint { get; set; } = "";
    public string Rule { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Status { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Title { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Source { get; set; } = "";
    public long FirstSeen { get; set; }
    public long? PendingSince { get; set; }
    public long? FiredAt { get; set; }
    public long? LastNotifiedAt { get; set; }
    public long? ResolvedAt { get; set; }
    public string? AckedBy { get; set; }
    public long? AckedAt { get; set; }
    public long? MutedUntil { get; set; }
    public string? MutedBy { get; set; }
    public string? MuteReason { get; set; }
    public long Occurrences { get; set; }
    public long ConsecutiveHolds { get; set; }
    public long UpdatedAt { get; set; }
    public string? PeakSeverity { get; set; }

    public static AlertRow From(AlertState s, DateTimeOffset updatedAt) => new()
    {
        Fingerprint = s.Fingerprint,
        Rule = s.Rule,
        Topic = s.Topic,
        Status = AlertText.Status(s.Status),
        Severity = AlertText.Severity(s.Severity),
        Title = s.Title,
        Reason = s.Reason,
        Source = s.Source,
        FirstSeen = UnixMs.To(s.FirstSeen),
        PendingSince = UnixMs.To(s.PendingSince),
        FiredAt = UnixMs.To(s.FiredAt),
        LastNotifiedAt = UnixMs.To(s.LastNotifiedAt),
        ResolvedAt = UnixMs.To(s.ResolvedAt),
        AckedBy = s.AckedBy,
        AckedAt = UnixMs.To(s.AckedAt),
        MutedUntil = UnixMs.To(s.MutedUntil),
        MutedBy = s.MutedBy,
        MuteReason = s.MuteReason,
        Occurrences = s.Occurrences,
        ConsecutiveHolds = s.ConsecutiveHolds,
        UpdatedAt = UnixMs.To(updatedAt),
        PeakSeverity = s.PeakSeverity is { } peak ? AlertText.Severity(peak) : null,
    };

    public AlertRecord ToModel() => new(
        Id,
        new AlertState(
            Fingerprint,
            Rule,
            Topic,
            AlertText.ParseStatus(Status),
            AlertText.ParseSeverity(Severity),
            Title,
            Reason,
            Source,
            UnixMs.From(FirstSeen),
            UnixMs.From(PendingSince),
            UnixMs.From(FiredAt),
            UnixMs.From(LastNotifiedAt),
            UnixMs.From(ResolvedAt),
            AckedBy,
            UnixMs.From(AckedAt),
            UnixMs.From(MutedUntil),
            MutedBy,
            MuteReason,
            (int)Occurrences,
            (int)ConsecutiveHolds)
        {
            PeakSeverity = PeakSeverity is null ? null : AlertText.ParseSeverity(PeakSeverity),
        });
}

/// <summary>An outbox row joined with its alert's fingerprint.</summary>
internal sealed class OutboxRow
{
    internal const string Columns = """
        o.id AS Id, o.alert_id AS AlertId, a.fingerprint AS Fingerprint, o.kind AS Kind, o.destination AS Destination,
        o.mention_role_id AS MentionRoleId, o.topic AS Topic, o.severity AS Severity, o.title AS Title, o.reason AS Reason,
        o.source AS Source, o.created_at AS CreatedAt, o.attempts AS Attempts, o.next_attempt_at AS NextAttemptAt,
        o.delivered_at AS DeliveredAt, o.external_id AS ExternalId, o.last_error AS LastError
        """;

    public long Id { get; set; }
    public long AlertId { get; set; }
    public string Fingerprint { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Destination { get; set; } = "";
    public string? MentionRoleId { get; set; }
    public string Topic { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Title { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Source { get; set; } = "";
    public long CreatedAt { get; set; }
    public long Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public long? DeliveredAt { get; set; }
    public string? ExternalId { get; set; }
    public string? LastError { get; set; }

    public OutboxMessage ToModel() => new(
        Id,
        AlertId,
        Fingerprint,
        AlertText.ParseKind(Kind),
        Destination,
        MentionRoleId,
        Topic,
        AlertText.ParseSeverity(Severity),
        Title,
        Reason,
        Source,
        UnixMs.From(CreatedAt),
        (int)Attempts,
        UnixMs.From(NextAttemptAt),
        UnixMs.From(DeliveredAt),
        ExternalId,
        LastError);
}
