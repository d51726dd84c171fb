using Microsoft.Extensions.Configuration;

namespace MonitorBot.Storage.Configuration;

public static class SqliteSettingsConfigurationExtensions
{
    /// <summary>
    /// Adds the admin overrides stored in the MonitorBot database at <paramref name="databasePath"/> (settings table).
    /// Add it after the JSON file and before environment variables. After an admin change call
    /// <see cref="ReloadMonitorBotSettings"/> on the built configuration (or <c>source.Provider.Reload()</c>).
    /// </summary>
    public static IConfigurationBuilder AddMonitorBotSettings(this IConfigurationBuilder builder, string databasePath) =>
        builder.AddMonitorBotSettings(databasePath, out _);

    /// <inheritdoc cref="AddMonitorBotSettings(IConfigurationBuilder, string)"/>
    /// <param name="builder">The builder.</param>
    /// <param name="databasePath">The database file.</param>
    /// <param name="source">The added source; its <see cref="SqliteSettingsConfigurationSource.Provider"/> is set once the configuration is built.</param>
    public static IConfigurationBuilder AddMonitorBotSettings(this IConfigurationBuilder builder, string databasePath, out SqliteSettingsConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        source = new SqliteSettingsConfigurationSource(databasePath);
        return builder.Add(source);
    }

    /// <summary>
    /// Every <see cref="SqliteSettingsConfigurationProvider"/> in <paramref name="configuration"/> (an IConfigurationRoot
    /// such as ConfigurationManager or the built root; chained configurations are searched too).
    /// </summary>
    public static IReadOnlyList<SqliteSettingsConfigurationProvider> GetMonitorBotSettingsProviders(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var found = new List<SqliteSettingsConfigurationProvider>();
        Collect(configuration, found, depth: 0);
        return found;
    }

    /// <summary>
    /// Re-reads the admin overrides in every MonitorBot settings provider of <paramref name="configuration"/> and fires
    /// the reload token (IOptionsMonitor sees the change). Returns how many providers were reloaded (0 = none added).
    /// Throws when the database cannot be read.
    /// </summary>
    public static int ReloadMonitorBotSettings(this IConfiguration configuration)
    {
        var providers = configuration.GetMonitorBotSettingsProviders();
        foreach (var provider in providers)
        {
            provider.Reload();
        }

        return providers.Count;
    }

    private static void Collect(IConfiguration configuration, List<SqliteSettingsConfigurationProvider> found, int depth)
    {
        if (depth > 8 || configuration is not IConfigurationRoot root)
        {
            return;
        }

        foreach (var provider in root.Providers)
        {
            switch (provider)
            {
                case SqliteSettingsConfigurationProvider sqlite:
                    found.Add(sqlite);
                    break;
                case ChainedConfigurationProvider chained:
                    Collect(chained.Configuration, found, depth + 1);
                    break;
            }
        }
    }
}
