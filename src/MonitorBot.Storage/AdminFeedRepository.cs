using Dapper;
using Microsoft.Data.Sqlite;

namespace MonitorBot.Storage;

/// <summary>
/// A source added by an admin. <paramref name="Settings"/> are its settings as flat key → value pairs with the same
/// keys as a file-defined Feeds:Sources:n entry ("Kind", "Url", "Interval", "Series", "Headers:X-Key", ...; no "Id":
/// the id is <paramref name="Id"/>). Keys are case-insensitive.
/// </summary>
public sealed record AdminFeed(string Id, IReadOnlyDictionary<string, string> Settings, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Admin-defined sources (admin_feeds) and admin removals of file-defined sources (feed_overrides). Every change
/// appends a config_audit row (key "Feeds:Sources:&lt;id&gt;") in the same transaction. Validation of ids, kinds and
/// URLs is the caller's.
/// </summary>
public sealed class AdminFeedRepository(SqliteConnectionFactory factory, TimeProvider timeProvider)
{
    /// <summary>Audit key prefix of feed changes: "Feeds:Sources:" + id.</summary>
    public const string AuditKeyPrefix = "Feeds:Sources:";

    /// <summary>Audit new_value when a file-defined source is removed by an admin.</summary>
    public const string RemovedValue = "removed";

    /// <summary>Audit new_value when such a removal is undone.</summary>
    public const string RestoredValue = "restored";

    /// <summary>What the audit shows instead of a header value.</summary>
    public const string Redacted = "(redacted)";

    private const string SelectSql = """
        SELECT id AS Id, definition AS Definition, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM admin_feeds
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Every admin-defined source, ordered by id.</summary>
    public async Task<IReadOnlyList<AdminFeed>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FeedRow>(new CommandDefinition(SelectSql + " ORDER BY id;", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>The admin-defined source <paramref name="id"/> (case-insensitive), or null.</summary>
    public async Task<AdminFeed?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            SelectSql + " WHERE id = @id;", new { id }, cancellationToken: cancellationToken));
        return row?.ToModel();
    }

    /// <inheritdoc cref="UpsertAsync(AdminFeed, string, string, CancellationToken)"/>
    public Task<AdminFeed> UpsertAsync(AdminFeed feed, string who, CancellationToken cancellationToken) =>
        UpsertAsync(feed, who, ConfigOrigins.Discord, cancellationToken);

    /// <summary>
    /// Adds or replaces the source <c>feed.Id</c> with <c>feed.Settings</c>. CreatedBy/CreatedAt/UpdatedAt of
    /// <paramref name="feed"/> are ignored: a new row gets <paramref name="who"/> and now, a replaced row keeps its
    /// creator and gets UpdatedAt = now. Audited (old/new = the JSON definition, header values redacted) unless the
    /// settings are unchanged. Returns the stored row.
    /// </summary>
    public async Task<AdminFeed> UpsertAsync(AdminFeed feed, string who, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentException.ThrowIfNullOrWhiteSpace(feed.Id, nameof(feed));
        ArgumentNullException.ThrowIfNull(feed.Settings, nameof(feed));
        ValidateWho(who, origin);
        var definition = FeedDefinitionJson.Write(feed.Settings);
        var now = UnixMs.To(_timeProvider.GetUtcNow());

        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var old = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            SelectSql + " WHERE id = @Id;", new { feed.Id }, transaction, cancellationToken: cancellationToken));
        if (old is not null && string.Equals(old.Definition, definition, StringComparison.Ordinal))
        {
            return old.ToModel();
        }

        var stored = await connection.QuerySingleAsync<FeedRow>(new CommandDefinition(
            """
            INSERT INTO admin_feeds (id, definition, created_by, created_at, updated_at) VALUES (@Id, @definition, @who, @now, @now)
            ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
            RETURNING id AS Id, definition AS Definition, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt;
            """,
            new { feed.Id, definition, who, now },
            transaction,
            cancellationToken: cancellationToken));
        await AuditAsync(
            connection,
            transaction,
            now,
            who,
            origin,
            stored.Id,
            old is null ? null : FeedDefinitionJson.WriteForAudit(FeedDefinitionJson.Read(old.Definition)),
            FeedDefinitionJson.WriteForAudit(feed.Settings),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored.ToModel();
    }

    /// <inheritdoc cref="DeleteAsync(string, string, string, CancellationToken)"/>
    public Task<bool> DeleteAsync(string id, string who, CancellationToken cancellationToken) =>
        DeleteAsync(id, who, ConfigOrigins.Discord, cancellationToken);

    /// <summary>Deletes the admin-defined source <paramref name="id"/>; true when it existed (audited: old = its definition, new = null).</summary>
    public async Task<bool> DeleteAsync(string id, string who, string origin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ValidateWho(who, origin);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var deleted = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            "DELETE FROM admin_feeds WHERE id = @id RETURNING id AS Id, definition AS Definition;", new { id }, transaction, cancellationToken: cancellationToken));
        if (deleted is null)
        {
            return false;
        }

        await AuditAsync(
            connection,
            transaction,
            UnixMs.To(_timeProvider.GetUtcNow()),
            who,
            origin,
            deleted.Id,
            FeedDefinitionJson.WriteForAudit(FeedDefinitionJson.Read(deleted.Definition)),
            null,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc cref="SetRemovedAsync(string, bool, string, string, CancellationToken)"/>
    public Task<bool> SetRemovedAsync(string sourceId, bool removed, string who, CancellationToken cancellationToken) =>
        SetRemovedAsync(sourceId, removed, who, ConfigOrigins.Discord, cancellationToken);

    /// <summary>
    /// Marks the (file-defined) source <paramref name="sourceId"/> removed or restores it. Audited with
    /// old/new = "removed"/"restored" (old null when there was no earlier mark). Returns false (and writes nothing)
    /// when the source already is in that state (never marked counts as restored).
    /// </summary>
    public async Task<bool> SetRemovedAsync(string sourceId, bool removed, string who, string origin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ValidateWho(who, origin);
        var now = UnixMs.To(_timeProvider.GetUtcNow());
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT removed FROM feed_overrides WHERE source_id = @sourceId;", new { sourceId }, transaction, cancellationToken: cancellationToken));
        if ((current == 1) == removed)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feed_overrides (source_id, removed, updated_by, updated_at) VALUES (@sourceId, @flag, @who, @now)
            ON CONFLICT (source_id) DO UPDATE SET removed = excluded.removed, updated_by = excluded.updated_by, updated_at = excluded.updated_at;
            """,
            new { sourceId, flag = removed ? 1 : 0, who, now },
            transaction,
            cancellationToken: cancellationToken));
        await AuditAsync(
            connection,
            transaction,
            now,
            who,
            origin,
            sourceId,
            current switch { null => null, 1 => RemovedValue, _ => RestoredValue },
            removed ? RemovedValue : RestoredValue,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Ids of sources an admin removed (case-insensitive set).</summary>
    public async Task<IReadOnlySet<string>> ListRemovedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT source_id FROM feed_overrides WHERE removed = 1;", cancellationToken: cancellationToken));
        return new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
    }

    private static Task AuditAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long atMs,
        string who,
        string origin,
        string sourceId,
        string? oldValue,
        string? newValue,
        CancellationToken cancellationToken) =>
        ConfigAuditRepository.InsertAsync(
            connection,
            transaction,
            [new ConfigAuditEntry(0, UnixMs.From(atMs), who, origin, AuditKeyPrefix + sourceId, oldValue, newValue, null)],
            cancellationToken);

    private static void ValidateWho(string who, string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ConfigOrigins.ThrowIfUnknown(origin, nameof(origin));
    }

    private sealed class FeedRow
    {
        public string Id { get; set; } = "";
        public string Definition { get; set; } = "{}";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public AdminFeed ToModel() =>
            new(Id, FeedDefinitionJson.Read(Definition), CreatedBy, UnixMs.From(CreatedAt), UnixMs.From(UpdatedAt));
    }
}
