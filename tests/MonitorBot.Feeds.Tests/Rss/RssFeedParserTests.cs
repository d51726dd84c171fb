using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Rss;

namespace MonitorBot.Feeds.Tests.Rss;

public sealed class RssFeedParserTests
{
    private readonly RssFeedParser _parser = new();

    [Theory]
    [InlineData("Rss/wordpress.xml", 3, "Kachin Border Monitor")]
    [InlineData("Rss/googlenews.xml", 3, "Reuters")]
    [InlineData("Rss/rdf.rdf", 2, "Rare Earth Wire (RDF)")]
    [InlineData("Rss/atom.xml", 2, "Myanmar Minerals Blog")]
    public void Parse_Dialects_ReadsEveryItemWithOutlet(string fixture, int count, string firstOutlet)
    {
        var result = TestFeeds.ParseFixture(_parser, fixture);

        Assert.Equal(count, result.Items.Count);
        Assert.Equal(firstOutlet, result.Items[0].Outlet);
        Assert.Empty(result.Prices);
        Assert.Empty(result.Trade);
        Assert.All(result.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Title)));
    }

    [Fact]
    public void Parse_WordPress_PrefersContentEncodedAndStripsHtml()
    {
        var item = TestFeeds.ParseFixture(_parser, "Rss/wordpress.xml").Items[0];

        Assert.Equal("KIA lets miners ship rare-earth stockpiles to China", item.Title);
        Assert.Equal("https://example.org/2025/03/27/kia-stockpiles/", item.Link);
        Assert.Equal("https://example.org/?p=101", item.Guid);
        Assert.Equal(
            "Myitkyina — The Kachin Independence Army will let miners in Chipwe and Pangwa export existing inventories, charging 35,000 yuan per tonne. Trucks near the border. Traders said \"prices & volumes\" would settle.",
            item.Summary);
        Assert.Equal(new DateTimeOffset(2025, 3, 27, 2, 45, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Parse_WordPress_DecodesTitleEntitiesAndGivesUnparseableDateTheFetchTime()
    {
        var items = TestFeeds.ParseFixture(_parser, "Rss/wordpress.xml").Items;

        Assert.Equal("Bhamo fighting & border gate closures", items[1].Title);
        Assert.Equal("Residents report airstrikes near Bhamo.", items[1].Summary);
        Assert.Equal(new DateTimeOffset(2025, 3, 26, 23, 0, 0, TimeSpan.Zero), items[1].Published);
        Assert.Equal(TestFeeds.FetchedAt, items[2].Published);
        Assert.Equal(items[2].Link, items[2].Guid);
    }

    [Theory]
    [InlineData(0, "China urges KIA to halt Bhamo offensive", "Reuters")]
    [InlineData(1, "Rare-earth prices - terbium up 22%", "The Irrawaddy")]
    [InlineData(2, "Myanmar - China border trade resumes at Kanpaiti", "Mizzima")]
    public void Parse_GoogleNews_StripsOutletSuffixOnlyWhenItMatchesSource(int index, string title, string outlet)
    {
        var item = TestFeeds.ParseFixture(_parser, "Rss/googlenews.xml").Items[index];

        Assert.Equal(title, item.Title);
        Assert.Equal(outlet, item.Outlet);
        Assert.Null(item.Summary); // headline + outlet boilerplate is not a summary
        Assert.StartsWith("CBMi", item.Guid, StringComparison.Ordinal);
        Assert.StartsWith("https://news.google.com/rss/articles/", item.Link, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Rdf_UsesAboutAsIdAndDcDate()
    {
        var items = TestFeeds.ParseFixture(_parser, "Rss/rdf.rdf").Items;

        Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), items[0].Published);
        Assert.Equal("https://rdf.example.net/a1", items[0].Link);
        Assert.Equal("https://rdf.example.net/a2", items[1].Guid);
        Assert.Null(items[1].Link);
        Assert.Equal(new DateTimeOffset(2025, 3, 23, 0, 0, 0, TimeSpan.Zero), items[1].Published);
        Assert.All(items, i => Assert.Equal("Rare Earth Wire (RDF)", i.Outlet));
    }

    [Fact]
    public void Parse_Atom_PicksAlternateLinkPublishedAndSummary()
    {
        var items = TestFeeds.ParseFixture(_parser, "Rss/atom.xml").Items;

        Assert.Equal("Terbium oxide hits 6,550 yuan/kg", items[0].Title);
        Assert.Equal("https://atom.example.com/2025/03/terbium", items[0].Link);
        Assert.Equal("tag:atom.example.com,2025:terbium", items[0].Guid);
        Assert.Equal("Up 21.9% since late September.", items[0].Summary);
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 2, 0, 0, TimeSpan.Zero), items[0].Published);

        Assert.Equal("https://atom.example.com/2025/03/second", items[1].Link);
        Assert.Equal("XHTML content here.", items[1].Summary);
        Assert.Equal(new DateTimeOffset(2025, 3, 26, 6, 0, 0, TimeSpan.Zero), items[1].Published);
        Assert.Equal("Syndicated Outlet", items[1].Outlet);
    }

    [Fact]
    public void Parse_SourceNameConfigured_OverridesChannelTitleButNotItemSource()
    {
        var source = TestFeeds.Source(configure: s => s.Name = "Kachin News Group");

        var wordpress = TestFeeds.ParseFixture(_parser, "Rss/wordpress.xml", source).Items;
        var atom = TestFeeds.ParseFixture(_parser, "Rss/atom.xml", source).Items;

        Assert.All(wordpress, i => Assert.Equal("Kachin News Group", i.Outlet));
        Assert.Equal("Kachin News Group", atom[0].Outlet);
        Assert.Equal("Syndicated Outlet", atom[1].Outlet);
    }

    [Fact]
    public void Parse_LongContent_CapsSummary()
    {
        var body = string.Join(' ', Enumerable.Repeat("<p>Kachin rare earth supply.</p>", 200));
        var xml = $"<rss version=\"2.0\"><channel><title>T</title><item><title>Long</title><link>https://x.test/1</link><description><![CDATA[{body}]]></description></item></channel></rss>";

        var summary = TestFeeds.ParseText(_parser, xml).Items[0].Summary!;

        Assert.InRange(summary.Length, 900, RssFeedParser.MaxSummaryLength);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>T</title><item><title>Cut", "not well-formed")]
    [InlineData("{\"articles\":[]}", "not well-formed")]
    [InlineData("<html><body>Just a moment</body></html>", "this is an HTML page, not a feed")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>", "DTD")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><rss><channel><title>&lol3;</title></channel></rss>", "DTD")]
    [InlineData("<rss version=\"2.0\"><channel><title>&kachin;</title></channel></rss>", "not well-formed")]
    public void Parse_BrokenOrHostileXml_ThrowsFeedParseException(string xml, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, xml, TestFeeds.Source("kng")));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("source 'kng': ", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void Parse_ItemWithoutTitleLinkOrGuid_IsSkippedAndCounted()
    {
        const string Xml = "<rss version=\"2.0\"><channel><title>T</title><item><description></description></item><item><title>Ok</title><link>https://x.test/ok</link></item></channel></rss>";

        var result = TestFeeds.ParseText(_parser, Xml);

        Assert.Single(result.Items);
        Assert.Equal(1, result.SkippedRows);
    }

    [Theory]
    [InlineData(FeedKinds.Rss)]
    [InlineData(FeedKinds.Atom)]
    public void Kind_IsTheConstructedKind(string kind) => Assert.Equal(kind, new RssFeedParser(kind).Kind);

    [Fact]
    public void Constructor_OtherKind_Throws() => Assert.Throws<ArgumentException>(() => new RssFeedParser(FeedKinds.Csv));
}
