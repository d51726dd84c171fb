using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Safety;
using MonitorBot.Feeds.Transport;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Feeds.Tests.Transport;

/// <summary>Connect-time address checks against the real Kestrel server on 127.0.0.1 (a non-public address).</summary>
public sealed class PublicOnlyFetchTests(FeedTestServer server) : IClassFixture<FeedTestServer>
{
    private static readonly Dictionary<string, string?> AllowPrivate = new() { ["Feeds:AllowPrivateAddresses"] = "true" };

    private static FeedFetcher Fetcher(IDictionary<string, string?>? settings = null) =>
        FeedTestServer.BuildServices(settings).GetRequiredService<FeedFetcher>();

    [Fact]
    public async Task FetchAsync_PublicOnlyToLoopback_IsRefusedAtConnectWithoutRetry()
    {
        var url = server.Url("/count/public-only-refused/200");

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher().FetchAsync(new FetchRequest(url) { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.Equal($"GET {url} refused: host 127.0.0.1 is a loopback address (set Feeds:AllowPrivateAddresses to allow it)", ex.Message);
        Assert.False(ex.IsTransient);
        Assert.IsType<AddressNotAllowedException>(ex.InnerException);
        Assert.Equal(0, server.Hits("public-only-refused")); // never connected, never retried
    }

    [Fact]
    public async Task FetchAsync_PublicOnlyWithAllowPrivate_Fetches()
    {
        var result = await Fetcher(AllowPrivate).FetchAsync(new FetchRequest(server.Url("/echo")) { RestrictToPublicAddresses = true }, CancellationToken.None);

        await using var body = result.Body;
        Assert.Equal(200, result.StatusCode);
        Assert.True(result.Length > 0);
    }

    [Fact]
    public async Task FetchAsync_DefaultRequest_StillReachesLoopback()
    {
        var result = await Fetcher().FetchAsync(new FetchRequest(server.Url("/count/public-only-default/200")), CancellationToken.None);

        await result.Body.DisposeAsync();
        Assert.Equal(1, server.Hits("public-only-default"));
    }

    [Fact]
    public async Task FetchAsync_PublicOnlyAfterUnrestrictedFetch_DoesNotReusePooledConnection()
    {
        var fetcher = Fetcher();
        await (await fetcher.FetchAsync(new FetchRequest(server.Url("/count/pooled/200")), CancellationToken.None)).Body.DisposeAsync();

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/count/pooled/200")) { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.Contains("is a loopback address", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Hits("pooled"));
    }

    [Fact]
    public async Task FetchAsync_PublicOnlyByName_NamesTheResolvedAddress()
    {
        var port = new Uri(server.BaseUrl).Port;

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher().FetchAsync(new FetchRequest($"http://localhost:{port}/echo") { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.Matches("host localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address \\(set Feeds:AllowPrivateAddresses to allow it\\)", ex.Message);
    }

    [Theory]
    [InlineData("relative/quotes.csv")]
    [InlineData("/etc/hostname")]
    [InlineData("file:///etc/hostname")]
    public async Task FetchAsync_PublicOnlyFileLocations_AreRefusedEvenWhenPrivateAllowed(string location)
    {
        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher(AllowPrivate).FetchAsync(new FetchRequest(location) { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal("only http:// and https:// URLs may be fetched for this source (public addresses only)", ex.Message);
    }

    [Fact]
    public async Task FetchAsync_FetcherWithoutClientFactory_UsesSharedPublicOnlyClient()
    {
        var options = Options.Create(new FeedsOptions { MaxRetries = 0 });
        using var http = new HttpClient();
        var fetcher = new FeedFetcher(http, options, TimeProvider.System, new HostThrottle(options, TimeProvider.System), NullLogger<FeedFetcher>.Instance);

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/echo")) { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.Contains("refused: host 127.0.0.1 is a loopback address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectCallback_Loopback_ThrowsAddressNotAllowedInsideHttpRequestException()
    {
        using var handler = new SocketsHttpHandler { ConnectCallback = PublicAddressConnector.ConnectAsync, UseProxy = false };
        using var client = new HttpClient(handler);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/count/callback/200")));

        var refusal = PublicAddressConnector.FindRefusal(ex);
        Assert.NotNull(refusal);
        Assert.Equal(IPAddress.Loopback, refusal.Address);
        Assert.Equal("127.0.0.1", refusal.Host);
        Assert.Equal(0, server.Hits("callback"));
    }

    [Fact]
    public async Task ReadAsync_PublicOnlySource_FailsWithSourcePrefixAndSucceedsWhenPrivateAllowed()
    {
        var source = new FeedSourceOptions { Id = "discord-added", Kind = FeedKinds.Rss, Url = server.Url("/fixture/Rss/wordpress.xml"), PublicOnly = true };

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            FeedTestServer.BuildServices().GetRequiredService<FeedReader>().ReadAsync(source, null, null, CancellationToken.None));
        var allowed = await FeedTestServer.BuildServices(AllowPrivate).GetRequiredService<FeedReader>().ReadAsync(source, null, null, CancellationToken.None);

        Assert.StartsWith("source 'discord-added': GET ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("refused: host 127.0.0.1 is a loopback address (set Feeds:AllowPrivateAddresses to allow it)", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(3, allowed.Parsed.Items.Count);
    }

    [Theory]
    [InlineData("/echo")]
    [InlineData("http://localhost:{port}/echo")]
    [InlineData("http://u:p@127.0.0.1:{port}/echo")]
    public async Task FetchAsync_PublicOnlyRedirectHop_IsCheckedByTheGuard(string target)
    {
        // The public-only client without its connect-time check, so the first hop (127.0.0.1) goes through and only the
        // guard's check of the redirect target can refuse the second.
        using var services = FeedTestServer.BuildServices(configure: s => s.AddHttpClient(FeedFetcher.PublicOnlyClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }));
        var port = new Uri(server.BaseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = server.Url("/redirect-to?target=" + Uri.EscapeDataString(target.Replace("{port}", port, StringComparison.Ordinal)));
        var before = server.Hits("echo");

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            services.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(url) { RestrictToPublicAddresses = true }, CancellationToken.None));

        Assert.StartsWith($"GET {server.Url("/redirect-to")} refused: redirect to http://", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("u:p", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(before, server.Hits("echo"));
    }

    [Fact]
    public void AddMonitorBotFeeds_RegistersGuardAsSingleton()
    {
        using var services = FeedTestServer.BuildServices();

        Assert.Same(services.GetRequiredService<FeedUrlGuard>(), services.GetRequiredService<FeedUrlGuard>());
    }
}
