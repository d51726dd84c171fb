using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// Admin configuration overrides (the settings table: configuration paths such as
/// "Detection:PriceRules:0:PctVsBaselineWarning" → "12", keys case-insensitive) written together with their audit rows
/// in one transaction. Validation of keys and values is the caller's: this stores what it is given.
/// </summary>
public sealed class AdminConfigRepository(SqliteConnectionFactory factory, TimeProvider timeProvider) : IAdminSettingsStore
{
    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Every override, keys case-insensitive (enumerated in ordinal-ignore-case key order).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetOverridesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await ReadAllAsync(connection, null, cancellationToken);
    }

    /// <inheritdoc cref="ApplyAsync(IReadOnlyDictionary{string, string?}, string, string, string?, CancellationToken)"/>
    public Task<IReadOnlyList<ConfigAuditEntry>> ApplyAsync(IReadOnlyDictionary<string, string?> changes, string who, string origin, CancellationToken cancellationToken) =>
        ApplyAsync(changes, who, origin, null, cancellationToken);

    /// <summary>
    /// In one transaction: for each key sets (value not null) or deletes (null) the override and appends an audit row with
    /// the old and new values. Keys whose value does not change are skipped (no write, no audit). Returns the audit
    /// entries written (with their ids), in the order of <paramref name="changes"/>; empty when nothing changed.
    /// A failure rolls back every change and every audit row.
    /// </summary>
    public Task<IReadOnlyList<ConfigAuditEntry>> ApplyAsync(
        IReadOnlyDictionary<string, string?> changes, string who, string origin, string? note, CancellationToken cancellationToken) =>
        ApplyAsync(changes, who, origin, note, null, cancellationToken);

    /// <inheritdoc cref="IAdminSettingsStore.ApplyAsync"/>
    public async Task<IReadOnlyList<ConfigAuditEntry>> ApplyAsync(
        IReadOnlyDictionary<string, string?> changes, string who, string origin, string? note, IReadOnlyDictionary<string, EffectiveValue>? before,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ValidateWho(who, origin);
        foreach (var key in changes.Keys)
        {
            ValidateKey(key);
        }

        if (changes.Count == 0)
        {
            return [];
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var written = await WriteAsync(connection, transaction, changes, who, origin, note, before, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <inheritdoc cref="ReplaceAllAsync(IReadOnlyDictionary{string, string}, string, string, string?, CancellationToken)"/>
    public Task<IReadOnlyList<ConfigAuditEntry>> ReplaceAllAsync(IReadOnlyDictionary<string, string> overrides, string who, string origin, CancellationToken cancellationToken) =>
        ReplaceAllAsync(overrides, who, origin, null, cancellationToken);

    /// <summary>
    /// Import: in one transaction the override set becomes exactly <paramref name="overrides"/> (keys not in it are
    /// deleted), with one audit row per changed key. Returns the audit entries written.
    /// </summary>
    public async Task<IReadOnlyList<ConfigAuditEntry>> ReplaceAllAsync(
        IReadOnlyDictionary<string, string> overrides, string who, string origin, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ValidateWho(who, origin);
        var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides)
        {
            ValidateKey(key);
            ArgumentNullException.ThrowIfNull(value, nameof(overrides));
            if (!wanted.TryAdd(key, value))
            {
                throw new ArgumentException($"Key '{key}' appears twice (keys are case-insensitive).", nameof(overrides));
            }
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await ReadAllAsync(connection, transaction, cancellationToken);
        var changes = new List<KeyValuePair<string, string?>>();
        foreach (var key in current.Keys)
        {
            if (!wanted.ContainsKey(key))
            {
                changes.Add(new(key, null));
            }
        }

        foreach (var (key, value) in overrides)
        {
            changes.Add(new(key, value));
        }

        var written = await WriteAsync(connection, transaction, changes, who, origin, note, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private async Task<IReadOnlyList<ConfigAuditEntry>> WriteAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        IEnumerable<KeyValuePair<string, string?>> changes,
        string who,
        string origin,
        string? note,
        IReadOnlyDictionary<string, EffectiveValue>? before,
        CancellationToken cancellationToken)
    {
        var now = UnixMs.Round(_timeProvider.GetUtcNow());
        var written = new List<ConfigAuditEntry>();
        foreach (var (key, value) in changes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var old = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT value FROM settings WHERE key = @key;", new { key }, transaction, cancellationToken: cancellationToken));
            if (string.Equals(old, value, StringComparison.Ordinal))
            {
                continue;
            }

            if (value is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM settings WHERE key = @key;", new { key }, transaction, cancellationToken: cancellationToken));
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @value, @updatedAt, @who)
                    ON CONFLICT (key) DO UPDATE SET
                        key = excluded.key, value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
                    """,
                    new { key, value, updatedAt = UnixMs.To(now), who },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            // The admin layer's own old value, or else the value another layer (file, environment, default) gave.
            var (oldValue, oldOrigin) = old is not null ? (old, "admin")
                : before is not null && before.TryGetValue(key, out var effective) ? (effective.Value, effective.Origin) : ((string?)null, (string?)null);
            var entry = new ConfigAuditEntry(0, now, who, origin, key, oldValue, value, note, oldOrigin);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO config_audit (at, who, origin, key, old_value, new_value, note, old_origin)
                VALUES (@At, @Who, @Origin, @Key, @OldValue, @NewValue, @Note, @OldOrigin)
                RETURNING id;
                """,
                new { At = UnixMs.To(now), Who = who, Origin = origin, Key = key, OldValue = oldValue, NewValue = value, Note = note, OldOrigin = oldOrigin },
                transaction,
                cancellationToken: cancellationToken));
            written.Add(entry with { Id = id });
        }

        return written;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM settings ORDER BY key;", transaction: transaction, cancellationToken: cancellationToken));
        var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in rows)
        {
            result[k] = v;
        }

        return result;
    }

    private static void ValidateWho(string who, string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ConfigOrigins.ThrowIfUnknown(origin, nameof(origin));
    }

    private static void ValidateKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("A configuration key is empty.", nameof(key));
        }
    }
}
