using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Discord;
using MonitorBot.Application;
using MonitorBot.Application.Ingest;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Bot;
using MonitorBot.Worker.Bot.Commands;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Health;
using MonitorBot.Worker.Jobs;
using Quartz;

namespace MonitorBot.Worker.Hosting;

public static class MonitorBotServiceCollectionExtensions
{
    /// <summary>
    /// Composes every area: one explicit AddXxx per project, then the Worker's own services.
    /// <paramref name="worker"/> adds the long-running parts (Quartz, schedules, heartbeat).
    /// </summary>
    public static IServiceCollection AddMonitorBot(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddMonitorBotStorage(configuration);
        services.AddMonitorBotFeeds(configuration);
        services.AddMonitorBotDiscord(configuration);
        services.AddMonitorBotIngest();
        services.AddMonitorBotEvaluation(configuration);
        services.AddMonitorBotQueries();
        services.AddMonitorBotAdministration();

        // The host's share of validation: cron syntax (Quartz) and list elements of a wrong type, with the file's keys.
        services.AddSingleton<IValidateOptions<FeedsOptions>>(new DelegateOptionsValidator<FeedsOptions>(
            o => [.. ConfigValidator.ElementProblems(configuration), .. ConfigValidator.CronProblems(o)]));

        // The host's side of the application's ports.
        services.AddSingleton<ISourceCatalog, SourceCatalog>();
        services.AddSingleton<IAlertChannels, DiscordAlertChannels>();
        services.AddSingleton<ConfigurationCheck>();
        services.AddSingleton<IConfigurationValidator>(sp => sp.GetRequiredService<ConfigurationCheck>());
        services.AddSingleton<IAdminLayer, SqliteAdminLayer>();
        services.AddSingleton<IAlertDeliverer>(new ConsoleAlertDeliverer(Console.Out));
        services.AddSingleton<IAlertDeliverer, DiscordAlertDeliverer>();

        // The bot: one module per slash command, over the same queries as the CLI; the catalogue and routes come from these.
        services.AddSingleton<AdminGate>();
        services.AddSingleton<BotCommandCatalog>();
        services.AddSingleton<Func<BotCommandCatalog>>(sp => sp.GetRequiredService<BotCommandCatalog>);
        services.AddCommand<StatusCommand>();
        services.AddCommand<PriceCommand>();
        services.AddCommand<NewsCommand>();
        services.AddCommand<TradeCommand>();
        services.AddCommand<FeedsCommand>();
        services.AddCommand<AlertsCommand>();
        services.AddCommand<ConfigCommand>();
        services.AddCommand<FeedCommand>();
        services.AddCommand<SubscribeCommand>();
        services.AddCommand<UnsubscribeCommand>();
        services.AddSingleton<FatalExit>();
        services.AddSingleton<AlertDispatcher>();

        services.AddSingleton<ConfigurationValidity>();
        // Reloadable sections keep their last valid value: an invalid file edit or change is refused, logged, and ignored.
        AddLastGood<FeedsOptions>(services);
        AddLastGood<DetectionOptions>(services);
        AddLastGood<AlertRoutingOptions>(services);
        AddLastGood<DiscordOptions>(services);
        AddLastGood<StorageOptions>(services);
        services.AddSingleton<DatabaseInitializer>();

        if (worker)
        {
            // Start order is registration order: the database is migrated before anything polls.
            services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
            // Polls are mostly waiting on the network: enough threads that a slow or failing source never holds up the others.
            services.AddQuartz(q =>
            {
                q.UseInMemoryStore();
                q.UseDefaultThreadPool(32);
            });
            services.AddQuartzHostedService(o =>
            {
                o.WaitForJobsToComplete = true;
                o.AwaitApplicationStarted = true;
            });
            services.AddSingleton<ShutdownSignal>();
            services.AddTransient<PollSourceJob>();
            services.AddSingleton<FeedScheduleService>();
            services.AddHostedService(sp => sp.GetRequiredService<FeedScheduleService>());
            services.AddHostedService<HeartbeatService>();
            services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
            services.AddHostedService<EvaluationService>();
            services.AddHostedService<AlertSweepService>();
            services.AddHostedService<DiscordBotService>();
            services.AddSingleton<ConfigFileWatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<ConfigFileWatcher>());
            services.AddHostedService<AdminLayerWatcher>();
            services.AddHostedService<ReadyLogger>();
        }
        return services;
    }

    private static void AddLastGood<T>(IServiceCollection services) where T : class
    {
        services.AddSingleton(sp => new LastGoodOptionsMonitor<T>(
            sp.GetRequiredService<IOptionsFactory<T>>(),
            sp.GetServices<IOptionsChangeTokenSource<T>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LastGoodOptionsMonitor<T>>>(),
            () => sp.GetRequiredService<ConfigurationValidity>().Problems));
        services.AddSingleton<IOptionsMonitor<T>>(sp => sp.GetRequiredService<LastGoodOptionsMonitor<T>>());
    }
}
