using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Comtrade;
using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.JsonPrice;
using MonitorBot.Feeds.Manual;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Transport;
using MonitorBot.Feeds.Yahoo;

namespace MonitorBot.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FeedsOptions"/> (section "Feeds", no validation here), registers one parser per kind, the
    /// <see cref="FeedParserRegistry"/>, the <see cref="FeedFetcher"/> typed HttpClient and the <see cref="FeedReader"/>.
    /// </summary>
    public static IServiceCollection AddMonitorBotFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<FeedsOptions>().Bind(configuration.GetSection(FeedsOptions.SectionName));
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

        services.AddSingleton<HostThrottle>();
        services.AddHttpClient<FeedFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan) // per-attempt timeouts are FeedFetcher's
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers(); // FeedFetcher logs retries itself, without query strings
        services.AddTransient<FeedReader>();
        return services;
    }
}
