using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MonitorBot.Storage;

/// <summary>A read-only open found no database file (nothing is created).</summary>
public sealed class DatabaseMissingException(string message) : IOException(message);

/// <summary>
/// The one place that knows the connection string and the per-connection pragmas
/// (WAL, synchronous=NORMAL, foreign keys, busy timeout, in-memory temp store). Connections are pooled.
/// </summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _pragmas;
    private int _directoryReady;

    public SqliteConnectionFactory(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Path))
        {
            throw new ArgumentException("Storage path is empty.", nameof(options));
        }

        DatabasePath = Path.GetFullPath(o.Path);
        ReadOnly = o.ReadOnly;
        var busyMs = (long)Math.Clamp(o.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = o.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY up to the command timeout (seconds): that timeout is Storage:BusyTimeout
            // (rounded up to whole seconds), so "how long a writer waits for a lock" means what the README says.
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(busyMs / 1000.0)),
        }.ToString();
        // A read-only connection cannot change the journal mode (the writer set WAL in the file already).
        _pragmas = o.ReadOnly
            ? string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
    }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath { get; }

    public string ConnectionString { get; }

    /// <summary>True when connections are opened read-only (never creating the file).</summary>
    public bool ReadOnly { get; }

    /// <summary>An open connection with the pragmas applied. The caller disposes it (returns it to the pool).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ReadOnly)
        {
            if (!File.Exists(DatabasePath))
            {
                throw new DatabaseMissingException($"database not found: {DatabasePath}");
            }
        }
        else
        {
            EnsureDirectory();
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the idle pooled connections to this database (so the file can be moved or deleted).</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void EnsureDirectory()
    {
        if (Volatile.Read(ref _directoryReady) != 0)
        {
            return;
        }

        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot create the folder {directory} for database {DatabasePath}: {ex.Message}", ex);
            }
        }

        Volatile.Write(ref _directoryReady, 1);
    }
}
