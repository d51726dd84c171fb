using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>The configuration audit trail (config_audit), newest first.</summary>
public sealed class ConfigAuditRepository(SqliteConnectionFactory factory) : IConfigAudit
{
    /// <summary>Most rows <see cref="ListAsync"/> returns in one call.</summary>
    public const int MaxLimit = 1000;

    private const string InsertSql = """
        INSERT INTO config_audit (at, who, origin, key, old_value, new_value, note, old_origin)
        VALUES (@At, @Who, @Origin, @Key, @OldValue, @NewValue, @Note, @OldOrigin);
        """;

    private const string SelectColumns = """
        id AS Id, at AS At, who AS Who, origin AS Origin, key AS Key, old_value AS OldValue, new_value AS NewValue, note AS Note, old_origin AS OldOrigin
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    /// <summary>Appends <paramref name="entries"/> in one transaction (all or none). Their Id is ignored.</summary>
    public async Task AppendAsync(IReadOnlyList<ConfigAuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            Validate(entry);
        }

        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await InsertAsync(connection, transaction, entries, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> entries (1..<see cref="MaxLimit"/>), newest first. <paramref name="keyPrefix"/>
    /// (case-insensitive, matched literally) keeps keys starting with it, e.g. "Detection:" or "Feeds:Sources:rss-x"; null
    /// or empty keeps all.
    /// </summary>
    public async Task<IReadOnlyList<ConfigAuditEntry>> ListAsync(string? keyPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        IEnumerable<AuditRow> rows;
        if (string.IsNullOrEmpty(keyPrefix))
        {
            rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
                $"SELECT {SelectColumns} FROM config_audit ORDER BY at DESC, id DESC LIMIT @limit;",
                new { limit },
                cancellationToken: cancellationToken));
        }
        else
        {
            rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
                $"SELECT {SelectColumns} FROM config_audit WHERE key LIKE @pattern ESCAPE '\\' ORDER BY at DESC, id DESC LIMIT @limit;",
                new { pattern = LikePrefix(keyPrefix), limit },
                cancellationToken: cancellationToken));
        }

        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>Inserts within the caller's transaction (the admin repositories audit in the same transaction as the change).</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<ConfigAuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var e in entries)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql,
                new { At = UnixMs.To(e.At), e.Who, e.Origin, e.Key, e.OldValue, e.NewValue, e.Note, e.OldOrigin },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    internal static void Validate(ConfigAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Who, nameof(entry));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Key, nameof(entry));
        ConfigOrigins.ThrowIfUnknown(entry.Origin, nameof(entry));
    }

    /// <summary>A LIKE pattern matching strings that start with <paramref name="prefix"/> literally (escape character '\').</summary>
    internal static string LikePrefix(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public long At { get; set; }
        public string Who { get; set; } = "";
        public string Origin { get; set; } = "";
        public string Key { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public string? Note { get; set; }

        public string? OldOrigin { get; set; }

        public ConfigAuditEntry ToModel() => new(Id, UnixMs.From(At), Who, Origin, Key, OldValue, NewValue, Note, OldOrigin);
    }
}
