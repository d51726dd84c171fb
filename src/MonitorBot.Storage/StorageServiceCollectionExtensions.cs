using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from "Storage" and registers the connection factory, the migration runner
    /// and the repositories as singletons, each also under its Core port. Does not migrate: the host calls
    /// <see cref="MigrationRunner.MigrateAsync"/> at start. The options are validated at start (<see cref="StorageOptions.Validate"/>, every problem).
    /// </summary>
    public static IServiceCollection AddMonitorBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<IngestRepository>();
        services.AddSingleton<IIngestStore>(sp => sp.GetRequiredService<IngestRepository>());
        services.AddSingleton<FeedStateRepository>();
        services.AddSingleton<IFeedStateStore>(sp => sp.GetRequiredService<FeedStateRepository>());
        services.AddSingleton<StatusReadModel>();
        services.AddSingleton<IStatusReader>(sp => sp.GetRequiredService<StatusReadModel>());
        services.AddSingleton<PriceHistoryRepository>();
        services.AddSingleton<IPriceHistory>(sp => sp.GetRequiredService<PriceHistoryRepository>());
        services.AddSingleton<SettingsRepository>();
        services.AddSingleton<ConfigAuditRepository>();
        services.AddSingleton<IConfigAudit>(sp => sp.GetRequiredService<ConfigAuditRepository>());
        services.AddSingleton<AdminConfigRepository>();
        services.AddSingleton<IAdminSettingsStore>(sp => sp.GetRequiredService<AdminConfigRepository>());
        services.AddSingleton<AlertRepository>();
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<AlertRepository>());
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<AlertRepository>());
        services.AddSingleton<SubscriptionRepository>();
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SubscriptionRepository>());
        services.AddSingleton<NewsReadRepository>();
        services.AddSingleton<INewsReader>(sp => sp.GetRequiredService<NewsReadRepository>());
        return services;
    }
}

/// <summary>Every problem of <see cref="StorageOptions.Validate"/>, each with its key.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        StorageOptions.Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
