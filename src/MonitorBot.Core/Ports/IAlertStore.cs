using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

/// <summary>An alert state with its short numeric id (what admins type in <c>/alerts ack 12</c>).</summary>
public sealed record AlertRecord(long Id, AlertState State);

/// <summary>A notification to write to the outbox, already routed to one destination.</summary>
/// <param name="Destination">"console", or "discord:&lt;channel id&gt;".</param>
/// <param name="MentionRoleId">A role to mention in this message, if the route asks for one.</param>
public sealed record OutboxEntry(
    NotifyKind Kind,
    string Destination,
    string? MentionRoleId,
    string Topic,
    AlertSeverity Severity,
    string Title,
    string Reason,
    string Source,
    DateTimeOffset At);

/// <summary>A stored notification and its delivery state.</summary>
/// <param name="ExternalId">The delivered message's id at the destination (Discord message id), so a later Resolved can edit it.</param>
public sealed record OutboxMessage(
    long Id,
    long AlertId,
    string Fingerprint,
    NotifyKind Kind,
    string Destination,
    string? MentionRoleId,
    string Topic,
    AlertSeverity Severity,
    string Title,
    string Reason,
    string Source,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? ExternalId,
    string? LastError);

public sealed record AlertListQuery(
    IReadOnlyList<AlertStatus>? Statuses = null,
    string? Topic = null,
    int Limit = 25);

/// <summary>Alert states, their decision log and the outbox: written together, in one transaction.</summary>
public interface IAlertStore
{
    Task<AlertRecord?> GetAsync(string fingerprint, CancellationToken cancellationToken);

    Task<AlertRecord?> GetByIdAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first (by last change).</summary>
    Task<IReadOnlyList<AlertRecord>> ListAsync(AlertListQuery query, CancellationToken cancellationToken);

    /// <summary>Every state that is pending or firing (the lifecycle's periodic sweep walks these).</summary>
    Task<IReadOnlyList<AlertRecord>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts <paramref name="next"/> (by fingerprint) when not null, appends the decision,
    /// and inserts the outbox entries linked to the alert. Returns the stored record (null when next is null).
    /// </summary>
    Task<AlertRecord?> ApplyAsync(AlertState? next, Decision decision, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken);

    /// <summary>The latest decisions for a fingerprint, newest first ("why did / didn't it alert").</summary>
    Task<IReadOnlyList<Decision>> GetDecisionsAsync(string fingerprint, int limit, CancellationToken cancellationToken);

    /// <summary>Opens a serialised write session (it waits for the database's write lock; see <see cref="IAlertWriteSession"/>).</summary>
    Task<IAlertWriteSession> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>The engine's cursor and the newest logged write, read without taking the write lock (a cheap lag check).</summary>
    Task<(long Cursor, long Head)> GetEvaluationLagAsync(CancellationToken cancellationToken);
}

public interface IOutbox
{
    /// <summary>Undelivered messages due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(long id, string? externalId, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Gives a message up (the destination keeps refusing it): never due again, kept with its reason.</summary>
    Task MarkAbandonedAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The message id of the latest delivered Fired/Escalated message of this alert at this destination.</summary>
    Task<string?> FindExternalIdAsync(long alertId, string destination, CancellationToken cancellationToken);

    /// <summary>Undelivered count (health and /config show).</summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>How the notifications of each alert fared (alerts without any are absent): shown by /alerts and the CLI.</summary>
    Task<IReadOnlyDictionary<long, DeliverySummary>> GetDeliveryAsync(IReadOnlyList<long> alertIds, CancellationToken cancellationToken);
}

/// <summary>The outbox rows of one alert: delivered, still pending (attempts so far, newest error), given up (newest reason).</summary>
public sealed record DeliverySummary(int Delivered, int Pending, int Abandoned, int PendingAttempts, string? PendingError, string? AbandonedReason)
{
    /// <summary>"2 delivered", "1 pending (3 attempt(s), last: HTTP 503)", "1 given up: Missing Permissions".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Delivered > 0) parts.Add($"{Delivered} delivered");
        if (Pending > 0) parts.Add($"{Pending} pending ({PendingAttempts} attempt(s){(PendingError is null ? "" : ", last: " + PendingError)})");
        if (Abandoned > 0) parts.Add($"{Abandoned} given up{(AbandonedReason is null ? "" : ": " + AbandonedReason)}");
        return string.Join(", ", parts);
    }
}

/// <summary>A channel's subscription to alert topics.</summary>
/// <param name="Topics">Any of <see cref="AlertTopics.All"/>.</param>
/// <param name="MentionRoles">Optional role to mention per severity (e.g. Critical → on-call role).</param>
public sealed record AlertSubscription(
    string ChannelId,
    IReadOnlyList<string> Topics,
    AlertSeverity MinSeverity,
    IReadOnlyDictionary<AlertSeverity, string> MentionRoles,
    string CreatedBy,
    DateTimeOffset CreatedAt);

public interface ISubscriptionStore
{
    Task<IReadOnlyList<AlertSubscription>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the channel's subscription.</summary>
    Task UpsertAsync(AlertSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Removes the given topics (all when null); the row goes when no topic is left. Returns whether anything changed.</summary>
    Task<bool> RemoveAsync(string channelId, IReadOnlyList<string>? topics, CancellationToken cancellationToken);
}
