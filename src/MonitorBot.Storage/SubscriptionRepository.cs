using Dapper;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>Channel subscriptions to alert topics (one row per channel; topics comma-joined).</summary>
public sealed class SubscriptionRepository(SqliteConnectionFactory factory) : ISubscriptionStore
{
    private const string SelectSql = """
        SELECT channel_id AS ChannelId, topics AS Topics, min_severity AS MinSeverity, mention_info AS MentionInfo,
               mention_warning AS MentionWarning, mention_critical AS MentionCritical, created_by AS CreatedBy, created_at AS CreatedAt
        FROM subscriptions
        """;

    private const string UpsertSql = """
        INSERT INTO subscriptions (channel_id, topics, min_severity, mention_info, mention_warning, mention_critical, created_by, created_at)
        VALUES (@ChannelId, @Topics, @MinSeverity, @MentionInfo, @MentionWarning, @MentionCritical, @CreatedBy, @CreatedAt)
        ON CONFLICT (channel_id) DO UPDATE SET
            topics = excluded.topics, min_severity = excluded.min_severity, mention_info = excluded.mention_info,
            mention_warning = excluded.mention_warning, mention_critical = excluded.mention_critical,
            created_by = excluded.created_by, created_at = excluded.created_at;
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    /// <summary>Every subscription, ordered by channel id.</summary>
    public async Task<IReadOnlyList<AlertSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            SelectSql + " ORDER BY channel_id;", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>Inserts or replaces the channel's row. Topics are trimmed, lower-cased and de-duplicated; a topic may not contain a comma.</summary>
    public async Task UpsertAsync(AlertSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentException.ThrowIfNullOrEmpty(subscription.ChannelId);
        ArgumentNullException.ThrowIfNull(subscription.Topics);
        var topics = Normalize(subscription.Topics);
        var roles = subscription.MentionRoles ?? new Dictionary<AlertSeverity, string>();
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            UpsertSql,
            new
            {
                subscription.ChannelId,
                Topics = string.Join(',', topics),
                MinSeverity = AlertText.Severity(subscription.MinSeverity),
                MentionInfo = Role(roles, AlertSeverity.Info),
                MentionWarning = Role(roles, AlertSeverity.Warning),
                MentionCritical = Role(roles, AlertSeverity.Critical),
                subscription.CreatedBy,
                CreatedAt = UnixMs.To(subscription.CreatedAt),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Removes <paramref name="topics"/> (every topic when null) from the channel; the row is deleted when no topic is
    /// left. Returns whether anything changed.
    /// </summary>
    public async Task<bool> RemoveAsync(string channelId, IReadOnlyList<string>? topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT topics FROM subscriptions WHERE channel_id = @channelId;", new { channelId }, transaction, cancellationToken: cancellationToken));
        if (current is null)
        {
            return false;
        }

        var existing = Split(current);
        var remaining = topics is null ? [] : existing.Except(Normalize(topics), StringComparer.Ordinal).ToList();
        if (topics is not null && remaining.Count == existing.Count && existing.Count > 0)
        {
            return false;
        }

        if (remaining.Count == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM subscriptions WHERE channel_id = @channelId;", new { channelId }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE subscriptions SET topics = @topics WHERE channel_id = @channelId;",
                new { channelId, topics = string.Join(',', remaining) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    internal static List<string> Normalize(IEnumerable<string> topics)
    {
        var list = new List<string>();
        foreach (var topic in topics)
        {
            var t = (topic ?? string.Empty).Trim().ToLowerInvariant();
            if (t.Length == 0)
            {
                continue;
            }

            if (t.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"A topic may not contain a comma: '{topic}'.", nameof(topics));
            }

            if (!list.Contains(t, StringComparer.Ordinal))
            {
                list.Add(t);
            }
        }

        return list;
    }

    internal static List<string> Split(string topics) =>
        [.. topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? Role(IReadOnlyDictionary<AlertSeverity, string> roles, AlertSeverity severity) =>
        roles.TryGetValue(severity, out var role) && !string.IsNullOrWhiteSpace(role) ? role : null;

    private sealed class SubscriptionRow
    {
        public string ChannelId { get; set; } = "";
        public string Topics { get; set; } = "";
        public string MinSeverity { get; set; } = "";
        public string? MentionInfo { get; set; }
        public string? MentionWarning { get; set; }
        public string? MentionCritical { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }

        public AlertSubscription ToModel()
        {
            var roles = new Dictionary<AlertSeverity, string>();
            if (MentionInfo is not null)
            {
                roles[AlertSeverity.Info] = MentionInfo;
            }

            if (MentionWarning is not null)
            {
                roles[AlertSeverity.Warning] = MentionWarning;
            }

            if (MentionCritical is not null)
            {
                roles[AlertSeverity.Critical] = MentionCritical;
            }

            return new AlertSubscription(ChannelId, Split(Topics), AlertText.ParseSeverity(MinSeverity), roles, CreatedBy, UnixMs.From(CreatedAt));
        }
    }
}
