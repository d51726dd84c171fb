using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Tests.Transport;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Feeds.Tests;

public sealed class FeedReaderTests(FeedTestServer server) : IClassFixture<FeedTestServer>
{
    private static FeedReader Reader() => FeedTestServer.BuildServices().GetRequiredService<FeedReader>();

    [Theory]
    [InlineData("Rss/wordpress.xml", "rss", "rss", 3)]
    [InlineData("Rss/atom.xml", "", "atom", 2)]
    [InlineData("Rss/rdf.rdf", "auto", "rss", 2)]
    [InlineData("Gdelt/artlist.json", "", "gdelt", 3)]
    [InlineData("Comtrade/preview_breakdown.json", "auto", "comtrade", 3)]
    [InlineData("Comtrade/bare_array.json", "", "comtrade", 2)]
    [InlineData("Comtrade/single_row.json", "", "comtrade", 1)]
    [InlineData("Gdelt/timelinevol.json", "", "gdelt", 3)]
    [InlineData("Yahoo/chart_nulls.json", "", "yahoo", 3)]
    [InlineData("Csv/stooq_daily.csv", "", "csv", 3)]
    [InlineData("Manual/quotes.csv", "MANUAL", "manual", 3)]
    public async Task ReadAsync_OverHttp_FetchesDetectsAndParses(string fixture, string kind, string expectedKind, int records)
    {
        var source = new FeedSourceOptions { Id = "s1", Kind = kind, Url = server.Url("/fixture/" + fixture), Series = "series-x" };

        var result = await Reader().ReadAsync(source, null, null, CancellationToken.None);

        Assert.Equal(expectedKind, result.Kind);
        Assert.False(result.NotModified);
        Assert.Equal(records, result.Parsed.Count);
        Assert.Equal(new FileInfo(TestFeeds.FixturePath(fixture)).Length, result.Bytes);
        Assert.NotNull(result.ETag);
    }

    [Fact]
    public async Task ReadAsync_WithStoredETag_IsNotModified()
    {
        var reader = Reader();
        var source = new FeedSourceOptions { Id = "wp", Kind = FeedKinds.Rss, Url = server.Url("/fixture/Rss/wordpress.xml") };

        var first = await reader.ReadAsync(source, null, null, CancellationToken.None);
        var second = await reader.ReadAsync(source, first.ETag, first.LastModified, CancellationToken.None);

        Assert.True(second.NotModified);
        Assert.Equal(FeedKinds.Rss, second.Kind);
        Assert.Same(FeedParseResult.Empty, second.Parsed);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(0, second.Bytes);
    }

    [Fact]
    public async Task ReadAsync_GdeltWithQuery_BuildsArtlistUrl()
    {
        var source = new FeedSourceOptions { Id = "gdelt", Kind = FeedKinds.Gdelt, Url = server.Url("/gdelt-api"), Query = "\"rare earth\" Kachin" };

        var result = await Reader().ReadAsync(source, null, null, CancellationToken.None);

        Assert.Equal(3, result.Parsed.Items.Count);
    }

    [Fact]
    public async Task ReadAsync_UnknownKind_ListsKnownKinds()
    {
        var source = new FeedSourceOptions { Id = "bad", Kind = "acled", Url = server.Url("/fixture/Rss/atom.xml") };

        var ex = await Assert.ThrowsAsync<FeedParseException>(() => Reader().ReadAsync(source, null, null, CancellationToken.None));

        Assert.Equal("source 'bad': unknown feed kind 'acled'; known kinds: atom, comtrade, csv, gdelt, json-price, manual, rss, yahoo", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_HtmlPage_SaysItIsAnHtmlPage()
    {
        var source = new FeedSourceOptions { Id = "html", Url = server.Url("/fixture/Csv/challenge.html") };

        var ex = await Assert.ThrowsAsync<FeedParseException>(() => Reader().ReadAsync(source, null, null, CancellationToken.None));

        Assert.StartsWith("source 'html': this is an HTML page, not a feed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FetchFailure_NamesSourceAndKeepsStatus()
    {
        var source = new FeedSourceOptions { Id = "gone", Kind = FeedKinds.Rss, Url = server.Url("/count/reader-404/404") };

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => Reader().ReadAsync(source, null, null, CancellationToken.None));

        Assert.StartsWith("source 'gone': GET ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(404, ex.HttpStatus);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task ReadAsync_ParseFailure_NamesSource()
    {
        var source = new FeedSourceOptions { Id = "yahoo-bad", Kind = FeedKinds.Yahoo, Url = server.Url("/fixture/Yahoo/error.json") };

        var ex = await Assert.ThrowsAsync<FeedParseException>(() => Reader().ReadAsync(source, null, null, CancellationToken.None));

        Assert.StartsWith("source 'yahoo-bad': Yahoo chart error Not Found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadLocationAsync_FilePath_UsesFileStemAsSeries()
    {
        using var temp = new TempDirectory();
        var path = temp.File("REMX.csv");
        File.Copy(TestFeeds.FixturePath("Csv/stooq_daily.csv"), path);

        var result = await Reader().ReadLocationAsync(path, null, CancellationToken.None);

        Assert.Equal(FeedKinds.Csv, result.Kind);
        Assert.Equal(3, result.Parsed.Prices.Count);
        Assert.All(result.Parsed.Prices, p => Assert.Equal(("remx", "remx"), (p.SeriesId, p.Source)));
    }

    [Fact]
    public async Task ReadLocationAsync_UrlWithKind_Parses()
    {
        var result = await Reader().ReadLocationAsync(server.Url("/fixture/Rss/googlenews.xml"), "rss", CancellationToken.None);

        Assert.Equal(3, result.Parsed.Items.Count);
        Assert.Equal("Reuters", result.Parsed.Items[0].Outlet);
    }

    [Theory]
    [InlineData("/data/prices/tb-oxide.json", null, "tb-oxide", "")]
    [InlineData("https://query1.finance.yahoo.com/v8/finance/chart/REMX?range=1mo", "yahoo", "remx", "yahoo")]
    [InlineData("https://example.org/", "auto", "test", "auto")]
    public void SourceForLocation_Cases(string location, string? kind, string stem, string expectedKind)
    {
        var source = FeedReader.SourceForLocation(location, kind);

        Assert.Equal((stem, stem, expectedKind, location), (source.Id, source.Series, source.Kind, source.Url));
    }
}

public sealed class FeedsRegistrationTests
{
    [Fact]
    public void AddMonitorBotFeeds_RegistersAParserPerKindAndBindsOptions()
    {
        using var services = FeedTestServer.BuildServices(new Dictionary<string, string?>
        {
            ["Feeds:Sources:0:Id"] = "kng",
            ["Feeds:Sources:0:Kind"] = "rss",
            ["Feeds:Sources:0:Url"] = "https://kachinnews.com/feed/",
            ["Feeds:Sources:0:Interval"] = "00:30:00",
        });

        var registry = services.GetRequiredService<FeedParserRegistry>();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FeedsOptions>>().Value;

        string[] builtIns = [FeedKinds.Rss, FeedKinds.Atom, FeedKinds.Gdelt, FeedKinds.Comtrade, FeedKinds.Yahoo, FeedKinds.Csv, FeedKinds.JsonPrice, FeedKinds.Manual];
        Assert.Equal(builtIns.Order(StringComparer.Ordinal), registry.Kinds);
        Assert.All(builtIns, k => Assert.Equal(k, registry.Get(k.ToUpperInvariant()).Kind));
        Assert.Equal("MonitorBot-Test/1.0", options.UserAgent);
        Assert.Equal(TimeSpan.FromMinutes(30), Assert.Single(options.Sources).Interval);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<FeedReader>());
    }

    [Fact]
    public void Registry_DuplicateKind_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new FeedParserRegistry([new MonitorBot.Feeds.Rss.RssFeedParser(), new MonitorBot.Feeds.Rss.RssFeedParser()]));
}

public sealed class FeedSourceOptionsTests
{
    [Fact]
    public void Clone_CopiesEveryPropertyAndHeadersIndependently()
    {
        var source = new FeedSourceOptions
        {
            Id = "g", Kind = "gdelt", Url = "u", Query = "q", Timespan = "7d", Series = "s", Scale = 0.001,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["User-Agent"] = "ua" },
        };

        var copy = source.Clone();
        copy.Headers["X"] = "y";

        Assert.Equal((source.Id, source.Kind, source.Url, source.Query, source.Timespan, source.Series, source.Scale),
            (copy.Id, copy.Kind, copy.Url, copy.Query, copy.Timespan, copy.Series, copy.Scale));
        Assert.Equal("ua", copy.Headers["user-agent"]);
        Assert.False(source.Headers.ContainsKey("X"));
    }
}
