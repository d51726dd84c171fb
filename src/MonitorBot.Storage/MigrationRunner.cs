using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MonitorBot.Storage;

/// <summary>One numbered schema step: the embedded file Migrations/NNNN_name.sql.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>The database was written by a newer MonitorBot than this one: refuse rather than corrupt it.</summary>
public sealed class DatabaseTooNewException(string message) : InvalidOperationException(message);

/// <summary>A read-only open found a database older than this code (a read-only open never migrates it).</summary>
public sealed class DatabaseTooOldException(string message) : InvalidOperationException(message);

/// <summary>
/// Applies the embedded numbered migrations above PRAGMA user_version, each in its own
/// BEGIN IMMEDIATE transaction that also sets user_version, so concurrent runners (threads or
/// processes) serialise and a step is never applied twice.
/// </summary>
public sealed partial class MigrationRunner
{
    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(LoadEmbedded);

    private readonly SqliteConnectionFactory _factory;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public MigrationRunner(SqliteConnectionFactory factory, ILogger<MigrationRunner>? logger = null)
        : this(factory, Embedded.Value, logger)
    {
    }

    internal MigrationRunner(SqliteConnectionFactory factory, IReadOnlyList<Migration> migrations, ILogger? logger)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _migrations = Validate(migrations);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The migrations embedded in this assembly, ordered by version.</summary>
    public static IReadOnlyList<Migration> EmbeddedMigrations => Embedded.Value;

    /// <summary>The schema version this code writes (the newest migration).</summary>
    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Reads PRAGMA user_version.</summary>
    public async Task<int> GetVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Brings the database up to <see cref="LatestVersion"/>; returns the version reached.
    /// Throws <see cref="DatabaseTooNewException"/> when the database is newer than this code.
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var version = await ReadVersionAsync(connection, null, cancellationToken);
        ThrowIfTooNew(version);
        if (_factory.ReadOnly && version < LatestVersion)
        {
            // A read-only open never migrates.
            throw new DatabaseTooOldException(
                $"Database '{_factory.DatabasePath}' has schema version {version}, but this build needs {LatestVersion}; " +
                (version == 0 ? "it is empty or not a MonitorBot database." : "run the worker (or any writing verb) once on it to migrate it."));
        }

        if (version == LatestVersion)
        {
            LogUpToDate(_logger, _factory.DatabasePath, version);
            return version;
        }

        foreach (var migration in _migrations)
        {
            if (migration.Version <= version)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            // BEGIN IMMEDIATE: take the write lock first, then re-read the version (another runner may have applied it).
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await ReadVersionAsync(connection, transaction, cancellationToken);
            ThrowIfTooNew(current);
            if (current >= migration.Version)
            {
                await transaction.RollbackAsync(cancellationToken);
                version = current;
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {migration.Version};"),
                transaction: transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            version = migration.Version;
            LogApplied(_logger, migration.Version, migration.Name, _factory.DatabasePath);
        }

        return version;
    }

    private void ThrowIfTooNew(int version)
    {
        if (version > LatestVersion)
        {
            throw new DatabaseTooNewException(
                $"Database '{_factory.DatabasePath}' has schema version {version}, but this build knows only up to {LatestVersion}. " +
                "Upgrade MonitorBot or use another database file.");
        }
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", transaction: transaction, cancellationToken: cancellationToken));

    internal static IReadOnlyList<Migration> Validate(IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations must be numbered 1, 2, 3, ... without gaps or repeats; found {ordered[i].Version} at position {i + 1}.");
            }
        }

        return ordered;
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
            using var reader = new StreamReader(stream);
            list.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        return [.. Validate(list)];
    }

    [GeneratedRegex(@"Migrations\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex MigrationName();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {DatabasePath}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string databasePath);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Database {DatabasePath} is at schema version {Version}")]
    private static partial void LogUpToDate(ILogger logger, string databasePath, int version);
}
