using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace MonitorBot.Storage.Configuration;

/// <summary>
/// Reads the settings table (admin overrides, keys = configuration paths) into configuration. Opens the database
/// read-only and unpooled, so loading never creates or writes the file; a missing file or table gives no keys.
/// </summary>
public sealed class SqliteSettingsConfigurationProvider : ConfigurationProvider
{
    private readonly string _connectionString;
    private readonly string _busyPragma;
    private readonly Lock _gate = new();

    public SqliteSettingsConfigurationProvider(string databasePath, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        var busyMs = (long)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY up to the command timeout (seconds).
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(busyMs / 1000.0)),
        }.ToString();
        _busyPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs};");
    }

    public string DatabasePath { get; }

    /// <summary>The error of the last <see cref="Load"/> (null when it succeeded); the keys then stay as they were.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>
    /// Called by the configuration builder. Never throws: a missing file or table gives no keys; another failure
    /// (corrupt file, locked beyond the busy timeout) keeps the previous keys and is kept in <see cref="LastError"/>.
    /// </summary>
    public override void Load()
    {
        try
        {
            lock (_gate)
            {
                Data = Read();
                LastError = null;
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            LastError = ex;
        }
    }

    /// <summary>
    /// Re-reads the table and fires the reload token (IConfiguration change token, IOptionsMonitor). Call it after
    /// writing admin overrides. Unlike <see cref="Load"/> it throws when the database cannot be read (the previous
    /// keys stay and no reload fires).
    /// </summary>
    public void Reload()
    {
        lock (_gate)
        {
            Data = Read();
            LastError = null;
        }

        OnReload();
    }

    private Dictionary<string, string?> Read()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(DatabasePath))
        {
            return data;
        }

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = _busyPragma;
            pragma.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'settings';";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return data;
        }

        // Oldest first, so of legacy keys differing only in case the newest wins.
        command.CommandText = "SELECT key, value FROM settings ORDER BY updated_at, rowid;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            data[reader.GetString(0)] = reader.GetString(1);
        }

        return data;
    }
}
