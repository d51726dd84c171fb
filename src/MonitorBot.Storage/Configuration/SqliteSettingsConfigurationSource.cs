using Microsoft.Extensions.Configuration;

namespace MonitorBot.Storage.Configuration;

/// <summary>
/// Configuration source over the admin overrides in the settings table of the MonitorBot database
/// (keys are configuration paths, e.g. "Feeds:Timeout"). Add it after the JSON file and before environment
/// variables so the precedence is file &lt; admin overrides &lt; environment.
/// </summary>
public sealed class SqliteSettingsConfigurationSource : IConfigurationSource
{
    private SqliteSettingsConfigurationProvider? _provider;

    /// <param name="databasePath">The database file (relative = to the current directory, resolved now).</param>
    /// <param name="busyTimeout">How long a load waits for a locked database (default 5 s).</param>
    public SqliteSettingsConfigurationSource(string databasePath, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero, nameof(busyTimeout));
    }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>
    /// The provider built most recently from this source (null until the configuration is built). Call
    /// <see cref="SqliteSettingsConfigurationProvider.Reload"/> on it after an admin change.
    /// </summary>
    public SqliteSettingsConfigurationProvider? Provider => Volatile.Read(ref _provider);

    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var provider = new SqliteSettingsConfigurationProvider(DatabasePath, BusyTimeout);
        Volatile.Write(ref _provider, provider);
        return provider;
    }
}
