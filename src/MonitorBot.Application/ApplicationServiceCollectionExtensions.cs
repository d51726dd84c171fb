using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MonitorBot.Application.Administration;
using MonitorBot.Application.Evaluation;
using MonitorBot.Application.Ingest;
using MonitorBot.Application.Queries;
using MonitorBot.Core.Detection;
using MonitorBot.Feeds;

namespace MonitorBot.Application;

/// <summary>
/// One registration per area of the application layer. Each needs Core's ports (Storage), the Feeds adapters and the
/// host's ports (<see cref="ISourceCatalog"/>, <see cref="IAlertChannels"/>, <see cref="IConfigurationValidator"/>,
/// <see cref="IAdminLayer"/>) registered by the composition root.
/// </summary>
public static class ApplicationServiceCollectionExtensions
{
    /// <summary>Polling one source: read, parse, save, tell the listeners (the alert engine).</summary>
    public static IServiceCollection AddMonitorBotIngest(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISourceReader, FeedSourceReader>();
        services.AddSingleton<SourcePoller>();
        services.AddSingleton<ManualQuotes>();
        return services;
    }

    /// <summary>
    /// Detection over every logged write, the alert lifecycle, routing, the outbox and its delivery; binds and validates
    /// the "Detection" and "Alerts" sections (every problem at once, at start).
    /// </summary>
    public static IServiceCollection AddMonitorBotEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DetectionOptions>().Bind(configuration.GetSection(DetectionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>());
        services.AddOptions<AlertRoutingOptions>().Bind(configuration.GetSection(AlertRoutingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertRoutingOptions>, AlertRoutingOptionsValidator>());

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<AlertWriteLock>();
        services.AddSingleton<AlertRouter>();
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<IIngestListener>(sp => sp.GetRequiredService<AlertEngine>());
        services.AddSingleton<IFiringAlertSource, FiringAlertSource>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<AlertAdmin>();
        return services;
    }

    /// <summary>The one read path of the CLI and the bot: status, prices, news, trade, feeds, alerts.</summary>
    public static IServiceCollection AddMonitorBotQueries(this IServiceCollection services)
    {
        services.AddSingleton<SeriesCatalog>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<TradeQuery>();
        services.AddSingleton<PriceQuery>();
        services.AddSingleton<NewsQuery>();
        services.AddSingleton<FeedsQuery>();
        services.AddSingleton<AlertsQuery>();
        return services;
    }

    /// <summary>Configuration changes (validated, audited) and admin-added sources joining the file's.</summary>
    public static IServiceCollection AddMonitorBotAdministration(this IServiceCollection services)
    {
        services.AddSingleton<IPostConfigureOptions<FeedsOptions>, AdminFeedsPostConfigure>();
        services.AddSingleton<FeedProbe>();
        services.AddSingleton<AdminConfigService>();
        return services;
    }
}

internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options) =>
        options.Validate().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

internal sealed class AlertRoutingOptionsValidator : IValidateOptions<AlertRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertRoutingOptions options) =>
        AlertRoutingOptions.Validate(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
