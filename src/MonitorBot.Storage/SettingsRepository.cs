using Dapper;

namespace MonitorBot.Storage;

/// <summary>Key/value runtime settings (for admin configuration), with who changed them and when.</summary>
public sealed class SettingsRepository(SqliteConnectionFactory factory, TimeProvider timeProvider)
{
    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = @key;", new { key }, cancellationToken: cancellationToken));
    }

    /// <summary>Inserts or replaces <paramref name="key"/>; <paramref name="updatedBy"/> records who (e.g. a Discord user id or "cli").</summary>
    public async Task SetAsync(string key, string value, string? updatedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @value, @updatedAt, @updatedBy)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
            """,
            new { key, value, updatedAt = UnixMs.To(_timeProvider.GetUtcNow()), updatedBy },
            cancellationToken: cancellationToken));
    }

    /// <summary>Removes <paramref name="key"/>; true when it existed.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM settings WHERE key = @key;", new { key }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Every setting, ordered by key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM settings ORDER BY key;", cancellationToken: cancellationToken));
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in rows)
        {
            result[k] = v;
        }

        return result;
    }
}
