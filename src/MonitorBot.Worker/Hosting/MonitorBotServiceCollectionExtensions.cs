using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MonitorBot.Discord;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Health;
using MonitorBot.Worker.Ingest;
using MonitorBot.Worker.Jobs;
using MonitorBot.Worker.Status;
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

        // Options: every section validated at start, every problem reported at once.
        services.AddOptions<FeedsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedsOptions>>(new DelegateOptionsValidator<FeedsOptions>(ConfigValidator.ValidateFeeds));
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(new DelegateOptionsValidator<StorageOptions>(ConfigValidator.ValidateStorage));
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>>(new DelegateOptionsValidator<DiscordOptions>(ConfigValidator.ValidateDiscord));

        services.AddSingleton<ISourceReader, FeedSourceReader>();
        services.AddSingleton<SourcePoller>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<DatabaseInitializer>();

        if (worker)
        {
            // Start order is registration order: the database is migrated before anything polls.
            services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
            services.AddQuartz(q => q.UseInMemoryStore());
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
        }
        return services;
    }
}
