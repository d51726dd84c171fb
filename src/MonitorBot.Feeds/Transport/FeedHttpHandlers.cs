using System.Net;
using MonitorBot.Feeds.Safety;

namespace MonitorBot.Feeds.Transport;

/// <summary>The primary handlers behind <see cref="FeedFetcher"/>'s two HttpClients.</summary>
public static class FeedHttpHandlers
{
    /// <summary>Default of <see cref="FeedsOptions.MaxRedirects"/>: redirects followed per fetch; one more ends it with "too many redirects".</summary>
    public const int MaxRedirects = 5;

    /// <summary>
    /// Decompression, a 5-minute pooled-connection lifetime, a 30 s connect timeout and no automatic redirects
    /// (<see cref="FeedFetcher"/> follows them itself, checking each target's scheme and, public-only, its host). With
    /// <paramref name="publicOnly"/>, every connection (redirect targets included) goes through
    /// <see cref="PublicAddressConnector.ConnectAsync"/> and no proxy is used (a proxy would connect on our behalf unchecked).
    /// </summary>
    public static SocketsHttpHandler Create(bool publicOnly)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
        };
        if (publicOnly)
        {
            handler.UseProxy = false;
            handler.ConnectCallback = PublicAddressConnector.ConnectAsync;
        }
        return handler;
    }
}
