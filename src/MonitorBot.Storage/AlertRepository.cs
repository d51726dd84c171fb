using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// Alert states (one row per fingerprint, id stable across updates), the bounded decision log and the
/// notification outbox. <see cref="ApplyAsync"/> writes all three in one transaction, so a crash never leaves
/// a state change without its notification (or a notification without its state).
/// </summary>
public sealed class AlertRepository(SqliteConnectionFactory factory) : IAlertStore, IOutbox
{
    /// <summary>Routine decisions (reminder, already firing, below threshold, pending, cooldown, baseline) kept per fingerprint; fired, escalated, resolved, muted and acknowledged are never pruned.</summary>
    public const int DecisionsKept = 200;

    /// <summary>Longest stored delivery error (longer ones are cut).</summary>
    public const int MaxErrorLength = 500;

    internal const string UpsertAlertSql = """
        INSERT INTO alerts (fingerprint, rule, topic, status, severity, title, reason, source, first_seen, pending_since,
                            fired_at, last_notified_at, resolved_at, acked_by, acked_at, muted_until, muted_by, mute_reason,
                            occurrences, consecutive_holds, updated_at, peak_severity)
        VALUES (@Fingerprint, @Rule, @Topic, @Status, @Severity, @Title, @Reason, @Source, @FirstSeen, @PendingSince,
                @FiredAt, @LastNotifiedAt, @ResolvedAt, @AckedBy, @AckedAt, @MutedUntil, @MutedBy, @MuteReason,
                @Occurrences, @ConsecutiveHolds, @UpdatedAt, @PeakSeverity)
        ON CONFLICT (fingerprint) DO UPDATE SET
            rule = excluded.rule, topic = excluded.topic, status = excluded.status, severity = excluded.severity,
            title = excluded.title, reason = excluded.reason, source = excluded.source, first_seen = excluded.first_seen,
            pending_since = excluded.pending_since, fired_at = excluded.fired_at, last_notified_at = excluded.last_notified_at,
            resolved_at = excluded.resolved_at, acked_by = excluded.acked_by, acked_at = excluded.acked_at,
            muted_until = excluded.muted_until, muted_by = excluded.muted_by, mute_reason = excluded.mute_reason,
            occurrences = excluded.occurrences, consecutive_holds = excluded.consecutive_holds, updated_at = excluded.updated_at,
            peak_severity = excluded.peak_severity
        RETURNING id;
        """;

    internal const string InsertDecisionSql = """
        INSERT INTO alert_decisions (fingerprint, code, text, at) VALUES (@Fingerprint, @Code, @Text, @At);
        DELETE FROM alert_decisions
        WHERE fingerprint = @Fingerprint
          AND code IN ('reminder', 'already_firing', 'below_threshold', 'pending', 'suppressed_by_cooldown', 'baseline')
          AND id NOT IN (SELECT id FROM alert_decisions WHERE fingerprint = @Fingerprint ORDER BY at DESC, id DESC LIMIT @Kept);
        """;

    internal const string InsertOutboxSql = """
        INSERT INTO outbox (alert_id, kind, destination, mention_role_id, topic, severity, title, reason, source,
                            created_at, attempts, next_attempt_at)
        VALUES (@AlertId, @Kind, @Destination, @MentionRoleId, @Topic, @Severity, @Title, @Reason, @Source, @At, 0, @At);
        """;

    internal const string DueSql = $"""
        SELECT {OutboxRow.Columns}
        FROM outbox o JOIN alerts a ON a.id = o.alert_id
        WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= @Now
          -- In order per alert and destination: a message waits while an earlier one of the same alert to the same place is
          -- still pending (a resolution never overtakes the alert it resolves; ix_outbox_alert_destination serves this).
          AND NOT EXISTS (
              SELECT 1 FROM outbox p
              WHERE p.alert_id = o.alert_id AND p.destination = o.destination AND p.id < o.id
                AND p.delivered_at IS NULL AND p.abandoned_at IS NULL)
        ORDER BY o.id
        LIMIT @Max;
        """;

    internal const string FindExternalIdSql = """
        SELECT external_id FROM outbox
        WHERE alert_id = @AlertId AND destination = @Destination AND delivered_at IS NOT NULL
          AND kind IN ('fired', 'escalated', 'deescalated') AND external_id IS NOT NULL
        ORDER BY id DESC
        LIMIT 1;
        """;

    internal const string ActiveSql = $"""
        SELECT {AlertRow.Columns} FROM alerts a
        WHERE a.status IN ('pending', 'firing')
        ORDER BY a.updated_at DESC, a.id DESC;
        """;

    internal const string DecisionsSql = """
        SELECT fingerprint AS Fingerprint, code AS Code, text AS Text, at AS At FROM alert_decisions
        WHERE fingerprint = @Fingerprint
        ORDER BY at DESC, id DESC
        LIMIT @Limit;
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<AlertRecord?> GetAsync(string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, fingerprint, cancellationToken);
    }

    public async Task<AlertRecord?> GetByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.id = @id;", new { id }, cancellationToken: cancellationToken));
        return row?.ToModel();
    }

    /// <summary>Newest first by last change; <see cref="AlertListQuery.Statuses"/> null or empty means every status.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAsync(AlertListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            return [];
        }

        // Only fixed clauses are spliced in; every value is a parameter.
        var where = new List<string>();
        string[]? statuses = null;
        if (query.Statuses is { Count: > 0 })
        {
            statuses = [.. query.Statuses.Distinct().Select(AlertText.Status)];
            where.Add("a.status IN @Statuses");
        }

        if (!string.IsNullOrEmpty(query.Topic))
        {
            where.Add("a.topic = @Topic");
        }

        var sql = $"""
            SELECT {AlertRow.Columns} FROM alerts a
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY a.updated_at DESC, a.id DESC
            LIMIT @Limit;
            """;
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            sql, new { Statuses = statuses, query.Topic, query.Limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<AlertRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(ActiveSql, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>
    /// In one write transaction: upserts <paramref name="next"/> by fingerprint (its id is kept), appends the decision
    /// (keeping the newest <see cref="DecisionsKept"/> of the fingerprint), and inserts the outbox entries linked to the
    /// alert (attempts 0, due at the entry's time). When <paramref name="next"/> is null the entries are linked to the
    /// stored alert of <see cref="Decision.Fingerprint"/>, or dropped when there is none.
    /// Returns the stored record: the upserted one, else the existing one, else null.
    /// </summary>
    public async Task<AlertRecord?> ApplyAsync(AlertState? next, Decision decision, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
    {
        await using var session = await BeginWriteAsync(cancellationToken);
        var stored = await session.ApplyAsync(next, decision, outbox, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Opens a write session: BEGIN IMMEDIATE takes the database's write lock now (waiting up to the busy timeout).</summary>
    public async Task<IAlertWriteSession> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await _factory.OpenAsync(cancellationToken);
        try
        {
            return new AlertWriteSession(connection, connection.BeginTransaction(deferred: false));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<(long Cursor, long Head)> GetEvaluationLagAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await EvaluationLog.ReadLagAsync(connection, null, cancellationToken);
    }

    /// <summary>The write half of <see cref="ApplyAsync"/>, inside a caller's transaction.</summary>
    internal static async Task<AlertRecord?> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, AlertState? next, Decision decision, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(outbox);
        long? alertId = null;
        if (next is not null)
        {
            alertId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                UpsertAlertSql, AlertRow.From(next, decision.At), transaction, cancellationToken: cancellationToken));
        }
        else if (outbox.Count > 0)
        {
            alertId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM alerts WHERE fingerprint = @Fingerprint;", new { decision.Fingerprint }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            InsertDecisionSql,
            new { decision.Fingerprint, Code = decision.CodeName, decision.Text, At = UnixMs.To(decision.At), Kept = DecisionsKept },
            transaction,
            cancellationToken: cancellationToken));

        if (alertId is { } id)
        {
            foreach (var entry in outbox)
            {
                ArgumentNullException.ThrowIfNull(entry);
                await connection.ExecuteAsync(new CommandDefinition(
                    InsertOutboxSql,
                    new
                    {
                        AlertId = id,
                        Kind = AlertText.Kind(entry.Kind),
                        entry.Destination,
                        entry.MentionRoleId,
                        entry.Topic,
                        Severity = AlertText.Severity(entry.Severity),
                        entry.Title,
                        entry.Reason,
                        entry.Source,
                        At = UnixMs.To(entry.At),
                    },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }

        return await GetAsync(connection, transaction, next?.Fingerprint ?? decision.Fingerprint, cancellationToken);
    }

    /// <summary>Newest first; codes mapped back from their snake_case names.</summary>
    public async Task<IReadOnlyList<Decision>> GetDecisionsAsync(string fingerprint, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Fingerprint, string Code, string Text, long At)>(new CommandDefinition(
            DecisionsSql, new { Fingerprint = fingerprint, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Decision(r.Fingerprint, AlertText.ParseReason(r.Code), r.Text, UnixMs.From(r.At)))];
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            DueSql, new { Now = UnixMs.To(now), Max = max }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>Idempotent: a message already delivered keeps its first delivery time and external id.</summary>
    public async Task MarkDeliveredAsync(long id, string? externalId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET delivered_at = @At, external_id = @ExternalId WHERE id = @Id AND delivered_at IS NULL;",
            new { Id = id, ExternalId = externalId, At = UnixMs.To(at) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Counts an attempt, keeps the error (cut to <see cref="MaxErrorLength"/>) and reschedules; no-op once delivered.</summary>
    public async Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbox SET attempts = attempts + 1, last_error = @Error, next_attempt_at = @Next
            WHERE id = @Id AND delivered_at IS NULL AND abandoned_at IS NULL;
            """,
            new { Id = id, Error = Truncate(error ?? string.Empty, MaxErrorLength), Next = UnixMs.To(nextAttemptAt) },
            cancellationToken: cancellationToken));
    }

    public async Task<string?> FindExternalIdAsync(long alertId, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            FindExternalIdSql, new { AlertId = alertId, Destination = destination }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL;", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<long, DeliverySummary>> GetDeliveryAsync(IReadOnlyList<long> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        if (alertIds.Count == 0)
        {
            return new Dictionary<long, DeliverySummary>();
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        // ix_outbox_alert_destination (alert_id, ...) serves the IN list; the last error is the newest row's that has one.
        var rows = await connection.QueryAsync<(long AlertId, long Delivered, long Pending, long Abandoned, long Attempts, string? PendingError, string? AbandonedReason)>(new CommandDefinition(
            """
            SELECT o.alert_id,
                   count(o.delivered_at),
                   sum(o.delivered_at IS NULL AND o.abandoned_at IS NULL),
                   count(o.abandoned_at),
                   sum(CASE WHEN o.delivered_at IS NULL AND o.abandoned_at IS NULL THEN o.attempts ELSE 0 END),
                   (SELECT e.last_error FROM outbox e WHERE e.alert_id = o.alert_id AND e.delivered_at IS NULL AND e.abandoned_at IS NULL
                      AND e.last_error IS NOT NULL ORDER BY e.id DESC LIMIT 1),
                   (SELECT e.last_error FROM outbox e WHERE e.alert_id = o.alert_id AND e.abandoned_at IS NOT NULL ORDER BY e.id DESC LIMIT 1)
            FROM outbox o
            WHERE o.alert_id IN @Ids
            GROUP BY o.alert_id;
            """,
            new { Ids = alertIds.Distinct().ToArray() },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.AlertId, r => new DeliverySummary((int)r.Delivered, (int)r.Pending, (int)r.Abandoned, (int)r.Attempts, r.PendingError, r.AbandonedReason));
    }

    public async Task MarkAbandonedAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbox SET attempts = attempts + 1, last_error = @Error, abandoned_at = @At
            WHERE id = @Id AND delivered_at IS NULL AND abandoned_at IS NULL;
            """,
            new { Id = id, Error = Truncate(error ?? string.Empty, MaxErrorLength), At = UnixMs.To(at) },
            cancellationToken: cancellationToken));
    }

    internal static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }

    internal static async Task<AlertRecord?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, string fingerprint, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.fingerprint = @fingerprint;", new { fingerprint }, transaction, cancellationToken: cancellationToken));
        return row?.ToModel();
    }
}
