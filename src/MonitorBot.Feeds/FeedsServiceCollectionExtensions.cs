using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Comtrade;
using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.JsonPrice;
using MonitorBot.Feeds.Manual;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Safety;
using MonitorBot.Feeds.Transport;
using MonitorBot.Feeds.Yahoo;

namespace MonitorBot.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FeedsOptions"/> (section "Feeds", validated at start by <see cref="FeedsOptionsValidator"/>), registers one parser per kind, the
    /// <see cref="FeedParserRegistry"/>, the <see cref="FeedFetcher"/> typed HttpClient (plus a named public-only client), the <see cref="FeedReader"/>
    /// and the <see cref="FeedUrlGuard"/>.
    /// </summary>
    public static IServiceCollection AddMonitorBotFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<FeedsOptions>().Bind(configuration.GetSection(FeedsOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton<FeedsOptionsValidator>();
        services.AddSingleton<IValidateOptions<FeedsOptions>>(sp => sp.GetRequiredService<FeedsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One line per kind.
        services.AddSingleton<IFeedParser>(new RssFeedParser(FeedKinds.Rss));
        services.AddSingleton<IFeedParser>(new RssFeedParser(FeedKinds.Atom));
        services.AddSingleton<IFeedParser, GdeltParser>();
        services.AddSingleton<IFeedParser, ComtradeParser>();
        services.AddSingleton<IFeedParser, YahooChartParser>();
        services.AddSingleton<IFeedParser, CsvPriceParser>();
        services.AddSingleton<IFeedParser, JsonPriceParser>();
        services.AddSingleton<IFeedParser, ManualPriceParser>();
        services.AddSingleton<FeedParserRegistry>();

        services.AddSingleton<FeedResiliencePipeline>();
        services.AddSingleton(sp => new HostThrottle(sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<FeedsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<FeedFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan) // timeouts are the pipeline's
            .ConfigurePrimaryHttpMessageHandler(() => FeedHttpHandlers.Create(publicOnly: false))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers() // the pipeline logs retries itself, without query strings
            .AddHttpMessageHandler(sp => sp.GetRequiredService<FeedResiliencePipeline>().CreateHandler());
        // Its own handler (and connection pool) for fetches restricted to public addresses (FetchRequest.RestrictToPublicAddresses).
        services.AddHttpClient(FeedFetcher.PublicOnlyClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => FeedHttpHandlers.Create(publicOnly: true))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => sp.GetRequiredService<FeedResiliencePipeline>().CreateHandler());
        services.TryAddSingleton(_ => new FeedUrlGuard());
        services.AddTransient<FeedReader>();
        return services;
    }
}
