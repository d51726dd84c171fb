using System.Net;
using MonitorBot.Feeds.Safety;

namespace MonitorBot.Feeds.Transport;

/// <summary>The primary handlers behind <see cref="FeedFetcher"/>'s two HttpClients.</summary>
public static class FeedHttpHandlers
{
    /// <summary>Redirects followed per request; one more ends the fetch with "too many redirects".</summary>
    public const int MaxRedirects = 5;

    /// <summary>
    /// Decompression, a 5-minute pooled-connection lifetime, a 30 s connect timeout and up to 5 redirects. With
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
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
        };
        if (publicOnly)
        {
            handler.UseProxy = false;
            handler.ConnectCallback = PublicAddressConnector.ConnectAsync;
        }
        return handler;
    }
}
