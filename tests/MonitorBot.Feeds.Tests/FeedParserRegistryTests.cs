using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Feeds.Tests.Transport;

namespace MonitorBot.Feeds.Tests;

/// <summary>The kind list, news kinds, admin kinds and per-kind validation all come from the registered parsers.</summary>
public sealed class FeedParserRegistryTests
{
    private static FeedParserRegistry Registry() => FeedTestServer.BuildServices().GetRequiredService<FeedParserRegistry>();

    [Theory]
    // kind, known, news, admin
    [InlineData("rss", true, true, true)]
    [InlineData("atom", true, true, true)]
    [InlineData("gdelt", true, true, true)]
    [InlineData("comtrade", true, false, true)]
    [InlineData("yahoo", true, false, true)]
    [InlineData("csv", true, false, false)]
    [InlineData("json-price", true, false, false)]
    [InlineData("manual", true, false, false)]
    [InlineData(" RSS ", true, true, true)]
    [InlineData("acled", false, false, false)]
    [InlineData("", false, false, false)]
    [InlineData(null, false, false, false)]
    public void Registry_BuiltInKinds_DescribeThemselves(string? kind, bool known, bool news, bool admin)
    {
        var registry = Registry();

        Assert.Equal(known, registry.IsKnown(kind));
        Assert.Equal(news, registry.IsNews(kind));
        Assert.Equal(admin, registry.IsAdminAllowed(kind));
    }

    private static readonly string[] BuiltIns = [FeedKinds.Rss, FeedKinds.Atom, FeedKinds.Gdelt, FeedKinds.Comtrade, FeedKinds.Yahoo, FeedKinds.Csv, FeedKinds.JsonPrice, FeedKinds.Manual];

    [Fact]
    public void Registry_BuiltIns_MatchCoreConstantsInTheirOrder()
    {
        var registry = Registry();

        Assert.Equal(BuiltIns, registry.Infos.Select(i => i.Kind));
        Assert.Equal([FeedKinds.Rss, FeedKinds.Atom, FeedKinds.Gdelt], registry.NewsKinds);
        Assert.True(registry.NewsKindSet.Contains("RSS"), "the set is case-insensitive");
        Assert.False(registry.NewsKindSet.Contains(FeedKinds.Yahoo));
        Assert.Equal([FeedKinds.Rss, FeedKinds.Atom, FeedKinds.Gdelt, FeedKinds.Comtrade, FeedKinds.Yahoo], registry.AdminKinds);
        Assert.Equal("rss, atom, gdelt, comtrade, yahoo, csv, json-price, manual", registry.KindList);
    }

    [Theory]
    [InlineData("csv", null, null, null, "Series is required for kind 'csv' (the series id the values go to, e.g. \"tb-oxide\").")]
    [InlineData("json-price", " ", null, null, "Series is required for kind 'json-price' (the series id the values go to, e.g. \"tb-oxide\").")]
    [InlineData("csv", "tb-oxide", null, null, null)]
    [InlineData("gdelt", null, null, "https://api.gdeltproject.org/api/v2/doc/doc", "Query is required for kind 'gdelt' unless the Url already carries query=.")]
    [InlineData("gdelt", null, "Kachin", "https://api.gdeltproject.org/api/v2/doc/doc", null)]
    [InlineData("gdelt", null, null, "https://api.gdeltproject.org/api/v2/doc/doc?query=kachin", null)]
    [InlineData("manual", null, null, null, null)]
    [InlineData("rss", null, null, null, null)]
    [InlineData("", null, null, null, "Kind is required (one of: rss, atom, gdelt, comtrade, yahoo, csv, json-price, manual).")]
    [InlineData("acled", null, null, null, "Kind 'acled' is not known (one of: rss, atom, gdelt, comtrade, yahoo, csv, json-price, manual).")]
    public void Validate_Table_GivesTheKindsProblems(string kind, string? series, string? query, string? url, string? expected)
    {
        var source = new FeedSourceOptions { Id = "s", Kind = kind, Series = series, Query = query, Url = url ?? "https://example.org/feed" };

        var problems = Registry().Validate(kind, source);

        Assert.Equal(expected is null ? [] : [expected], problems);
    }

    [Fact]
    public void Registry_WithTestParserForNewKind_KnowsValidatesAndParsesIt()
    {
        using var services = FeedTestServer.BuildServices(configure: s => s.AddSingleton<IFeedParser, AcledTestParser>());
        var registry = services.GetRequiredService<FeedParserRegistry>();

        Assert.True(registry.IsKnown("acled"));
        Assert.True(registry.IsNews("ACLED"));
        Assert.False(registry.IsAdminAllowed("acled"));
        Assert.Contains("acled", registry.Kinds);
        Assert.DoesNotContain("acled", registry.AdminKinds);
        Assert.EndsWith(", manual, acled", registry.KindList, StringComparison.Ordinal);
        Assert.Equal(["Name is required for kind 'acled'."], registry.Validate("acled", new FeedSourceOptions { Kind = "acled" }));
        Assert.Empty(registry.Validate("acled", new FeedSourceOptions { Kind = "acled", Name = "ACLED" }));
        Assert.IsType<AcledTestParser>(registry.Get("acled"));
    }

    [Fact]
    public async Task ReadAsync_TestParserForNewKind_UsesItsRequestUrlAndParser()
    {
        using var temp = new MonitorBot.Tests.Shared.TempDirectory();
        var path = temp.File("events.txt");
        await File.WriteAllTextAsync(path, "one\ntwo\n");
        using var services = FeedTestServer.BuildServices(configure: s => s.AddSingleton<IFeedParser, AcledTestParser>());
        var source = new FeedSourceOptions { Id = "acled", Kind = "acled", Url = "placeholder", Name = path };

        var result = await services.GetRequiredService<FeedReader>().ReadAsync(source, null, null, CancellationToken.None);

        Assert.Equal("acled", result.Kind);
        Assert.Equal(["one", "two"], result.Parsed.Items.Select(i => i.Title));
    }

    [Fact]
    public void Registry_TwoParsersForOneKind_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new FeedParserRegistry([new AcledTestParser(), new AcledTestParser()]));

        Assert.Equal("Two feed parsers are registered for kind 'acled'.", ex.Message);
    }

    [Fact]
    public void Detect_KindNotRegistered_IsNull()
    {
        var onlyAcled = new FeedParserRegistry([new AcledTestParser()]);
        var head = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel></channel></rss>");

        Assert.Null(onlyAcled.Detect(head, null, null));
        Assert.Equal(FeedKinds.Rss, Registry().Detect(head, null, null));
    }

    /// <summary>A kind no other code knows: one line per item; the URL to fetch is the source's Name (to show the hook).</summary>
    private sealed class AcledTestParser : IFeedParser
    {
        public FeedKindInfo Info { get; } = new("acled", FeedContent.News, AdminAllowed: false)
        {
            Validate = s => string.IsNullOrWhiteSpace(s.Name) ? ["Name is required for kind 'acled'."] : [],
            RequestUrl = s => s.Name!,
        };

        public FeedParseResult Parse(Stream content, FeedParseContext context)
        {
            using var reader = new StreamReader(content, leaveOpen: true);
            var items = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => new RawNewsItem(line, null, line, null, context.FetchedAt))
                .ToList();
            return FeedParseResult.FromItems(items);
        }
    }
}
