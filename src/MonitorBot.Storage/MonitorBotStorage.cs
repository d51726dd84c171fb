using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MonitorBot.Storage;

/// <summary>
/// The storage objects wired by hand, for use without DI (the CLI's --db PATH, the bench, tests).
/// Dispose to release the pooled connections to the file.
/// </summary>
public sealed class MonitorBotStorage : IDisposable
{
    private MonitorBotStorage(StorageOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
    {
        Factory = new SqliteConnectionFactory(Options.Create(options));
        Migrations = new MigrationRunner(Factory, loggerFactory?.CreateLogger<MigrationRunner>());
        Ingest = new IngestRepository(Factory);
        FeedStates = new FeedStateRepository(Factory);
        Status = new StatusReadModel(Factory);
        PriceHistory = new PriceHistoryRepository(Factory);
        Settings = new SettingsRepository(Factory, timeProvider);
        Alerts = new AlertRepository(Factory);
        Subscriptions = new SubscriptionRepository(Factory);
        News = new NewsReadRepository(Factory);
        ConfigAudit = new ConfigAuditRepository(Factory);
        AdminConfig = new AdminConfigRepository(Factory, timeProvider);
    }

    public SqliteConnectionFactory Factory { get; }
    public MigrationRunner Migrations { get; }
    public IngestRepository Ingest { get; }
    public FeedStateRepository FeedStates { get; }
    public StatusReadModel Status { get; }
    public PriceHistoryRepository PriceHistory { get; }
    public SettingsRepository Settings { get; }

    /// <summary>Alert states, decisions and the outbox (<see cref="Core.Ports.IAlertStore"/> and <see cref="Core.Ports.IOutbox"/>).</summary>
    public AlertRepository Alerts { get; }
    public SubscriptionRepository Subscriptions { get; }
    public NewsReadRepository News { get; }

    /// <summary>The configuration audit trail (config_audit).</summary>
    public ConfigAuditRepository ConfigAudit { get; }

    /// <summary>Admin configuration overrides (settings) written with their audit rows.</summary>
    public AdminConfigRepository AdminConfig { get; }

    /// <summary>Wires storage for the database at <paramref name="path"/> (not migrated yet: call <see cref="MigrationRunner.MigrateAsync"/>).</summary>
    public static MonitorBotStorage Create(string path, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null) =>
        Create(new StorageOptions { Path = path }, timeProvider, loggerFactory);

    public static MonitorBotStorage Create(StorageOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new MonitorBotStorage(options, timeProvider, loggerFactory);
    }

    /// <summary>Creates and migrates in one step.</summary>
    public static async Task<MonitorBotStorage> OpenAsync(string path, TimeProvider timeProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var storage = Create(path, timeProvider, loggerFactory);
        try
        {
            await storage.Migrations.MigrateAsync(cancellationToken);
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    public void Dispose() => Factory.ClearPool();
}
