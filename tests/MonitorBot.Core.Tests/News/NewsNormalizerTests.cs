using MonitorBot.Core.Model;
using MonitorBot.Core.News;

namespace MonitorBot.Core.Tests.News;

public class NewsNormalizerTests
{
    private static readonly DateTimeOffset Fetched = new(2025, 5, 20, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("https://www.Example.com/news/kachin-story/", "https://example.com/news/kachin-story")]
    [InlineData("HTTP://EXAMPLE.COM:80/news/kachin-story", "https://example.com/news/kachin-story")]
    [InlineData("https://example.com:443/news/kachin-story#comments", "https://example.com/news/kachin-story")]
    [InlineData("https://example.com:8443/a", "https://example.com:8443/a")]
    [InlineData("https://example.com/a?utm_source=x&utm_medium=rss&id=7", "https://example.com/a?id=7")]
    [InlineData("https://example.com/a?fbclid=abc&gclid=def&ocid=rss&cmpid=1", "https://example.com/a")]
    [InlineData("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2")]
    [InlineData("https://www.thehindu.com/news/article68293772.ece/amp/", "https://thehindu.com/news/article68293772.ece")]
    [InlineData("https://example.com/amp/world/story-1", "https://example.com/world/story-1")]
    [InlineData("https://example.com/world/story-1.amp", "https://example.com/world/story-1")]
    [InlineData("https://example.com/world/story-1?outputType=amp", "https://example.com/world/story-1")]
    [InlineData("https://example.com/world/story-1?amp", "https://example.com/world/story-1")]
    [InlineData("https://example.com/", "https://example.com")]
    [InlineData("https://example.com/Path/Case", "https://example.com/Path/Case")]
    [InlineData("https://news.google.com/rss/articles/CBMiABC?oc=5", "https://news.google.com/rss/articles/CBMiABC")]
    [InlineData("https://example.com/a?oc=5", "https://example.com/a?oc=5")]
    public void CanonicalizeUrl_Variants_SameCanonicalForm(string url, string expected)
    {
        Assert.Equal(expected, NewsNormalizer.CanonicalizeUrl(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/file")]
    [InlineData("/relative/path")]
    public void CanonicalizeUrl_NotHttp_Null(string? url)
    {
        Assert.Null(NewsNormalizer.CanonicalizeUrl(url));
    }

    [Theory]
    [InlineData("China warns Kachin rebels over Bhamo offensive - Reuters")]
    [InlineData("China warns Kachin rebels over Bhamo offensive | The Irrawaddy")]
    [InlineData("China warns Kachin rebels over Bhamo offensive — Myanmar Now")]
    [InlineData("China Warns Kachin Rebels Over Bhamo Offensive")]
    [InlineData("  China warns  Kachin rebels over Bhamo offensive.  ")]
    [InlineData("China warns the Kachin rebels over Bhamo offensive - Yahoo Finance")]
    public void TitleKey_SameStoryAcrossOutlets_SameKey(string title)
    {
        Assert.Equal("china warns kachin rebels over bhamo offensive", NewsNormalizer.TitleKey(title));
    }

    [Theory]
    [InlineData("KIA’s tax on miners: what it means", "kias tax miners what it means")]
    [InlineData("Myanmar’s rare-earth trade slumps", "myanmars rare earth trade slumps")]
    [InlineData("Café owners in Myitkyína react", "cafe owners myitkyina react")]
    [InlineData("Łódź and Zürich markets", "lodz zurich markets")]
    [InlineData("one two three four five six seven eight nine ten eleven twelve thirteen fourteen", "one two three four five six seven eight nine ten eleven twelve")]
    [InlineData("", "")]
    public void TitleKey_Punctuation_DiacriticsAndLength_Normalised(string title, string expected)
    {
        Assert.Equal(expected, NewsNormalizer.TitleKey(title));
    }

    [Fact]
    public void TitleKey_DifferentStories_DifferentKeys()
    {
        Assert.NotEqual(
            NewsNormalizer.TitleKey("KIA captures Bhamo - Reuters"),
            NewsNormalizer.TitleKey("KIA loses Bhamo - Reuters"));
    }

    [Theory]
    [InlineData("Short - Reuters", "Short - Reuters", null)]
    [InlineData("Myanmar - China border talks resume today", "Myanmar - China border talks resume today", null)]
    [InlineData("KIA tightens grip on rare earth belt - Kachin News Group", "KIA tightens grip on rare earth belt", "Kachin News Group")]
    [InlineData("A long headline about the future of everything - This part is far too long to be the name of an outlet", "A long headline about the future of everything - This part is far too long to be the name of an outlet", null)]
    public void SplitOutletSuffix_UnknownOutlet_SplitsOnlyPlausibleSuffix(string title, string headline, string? outlet)
    {
        var (h, o) = NewsNormalizer.SplitOutletSuffix(title, null);

        Assert.Equal(headline, h);
        Assert.Equal(outlet, o);
    }

    [Fact]
    public void SplitOutletSuffix_KnownOutlet_RemovesOnlyThatSuffix()
    {
        var (h, o) = NewsNormalizer.SplitOutletSuffix("Talks stall - KIA says - Reuters", "Reuters");

        Assert.Equal("Talks stall - KIA says", h);
        Assert.Equal("Reuters", o);
    }

    [Fact]
    public void Normalize_GoogleNewsItem_FillsEveryField()
    {
        var raw = new RawNewsItem(
            Guid: "CBMiSynthetic1",
            Link: "https://news.google.com/rss/articles/CBMiSynthetic1?oc=5",
            Title: "  China tells Kachin rebels to halt Bhamo offensive or lose rare earth buyers - Reuters ",
            Summary: "<a href=\"https://news.google.com/rss/articles/CBMiSynthetic1?oc=5\">China tells Kachin rebels to halt Bhamo offensive</a>&nbsp;&nbsp;<font color=\"#6f6f6f\">Reuters</font>",
            Published: new DateTimeOffset(2025, 5, 19, 10, 0, 0, TimeSpan.Zero),
            Outlet: "Reuters");

        var item = NewsNormalizer.Normalize(raw, "gnews-kachin", Fetched, isBaseline: true);

        Assert.Equal("gnews-kachin", item.SourceId);
        Assert.Equal("CBMiSynthetic1", item.Guid);
        Assert.Equal("https://news.google.com/rss/articles/CBMiSynthetic1?oc=5", item.Url);
        Assert.Equal("https://news.google.com/rss/articles/CBMiSynthetic1", item.CanonicalUrl);
        Assert.Equal("China tells Kachin rebels to halt Bhamo offensive or lose rare earth buyers - Reuters", item.Title);
        Assert.Equal("China tells Kachin rebels to halt Bhamo offensive", item.Summary);
        Assert.Equal(raw.Published, item.Published);
        Assert.Equal(Fetched, item.FetchedAt);
        Assert.Equal("Reuters", item.Outlet);
        Assert.True(item.IsBaseline);
        Assert.True(item.IsRelevant);
        Assert.Contains("KIA", item.Entities);
        Assert.Contains("Bhamo", item.Entities);
        Assert.Contains("rare earths", item.Entities);
        Assert.Equal("china tells kachin rebels halt bhamo offensive lose rare earth buyers", item.TitleKey);
    }

    [Fact]
    public void Normalize_SameStoryFromTwoOutlets_SameTitleKeyDifferentCanonicalUrl()
    {
        var a = NewsNormalizer.Normalize(
            new RawNewsItem(null, "https://www.reuters.com/world/asia/kachin-story-2025-05-19/", "Kachin rebels seize rare earth mines - Reuters", null, null, "Reuters"),
            "gnews", Fetched, false);
        var b = NewsNormalizer.Normalize(
            new RawNewsItem(null, "https://example-news.com/kachin-story?utm_source=rss", "Kachin Rebels Seize Rare-Earth Mines | Example News", null, null),
            "gdelt", Fetched, false);

        Assert.Equal(a.TitleKey, b.TitleKey);
        Assert.NotEqual(a.CanonicalUrl, b.CanonicalUrl);
        Assert.Equal("https://reuters.com/world/asia/kachin-story-2025-05-19", a.CanonicalUrl);
        Assert.Equal("Example News", b.Outlet);
    }

    [Fact]
    public void Normalize_NoLinkButUrlGuid_UsesGuidAsUrl()
    {
        var item = NewsNormalizer.Normalize(
            new RawNewsItem("https://kachinnews.example/?p=123", null, "Fighting near Myitkyina", null, null),
            "kng", Fetched, false);

        Assert.Equal("https://kachinnews.example/?p=123", item.Url);
        Assert.Equal("https://kachinnews.example?p=123", item.CanonicalUrl);
    }

    [Fact]
    public void Normalize_NoLinkNoUrlGuid_FallsBackToUrnWithGuid()
    {
        var item = NewsNormalizer.Normalize(new RawNewsItem("post-123", null, "Fighting near Myitkyina", null, null), "kng", Fetched, false);

        Assert.Equal("urn:kng:post-123", item.CanonicalUrl);
        Assert.Equal(item.CanonicalUrl, item.Url);
    }

    [Fact]
    public void Normalize_NoLinkNoGuid_FallsBackToStableTitleHash()
    {
        var a = NewsNormalizer.Normalize(new RawNewsItem(null, null, "Fighting near Myitkyina", null, null), "kng", Fetched, false);
        var b = NewsNormalizer.Normalize(new RawNewsItem(null, null, "Fighting near  Myitkyina!", null, null), "kng", Fetched.AddHours(1), false);
        var c = NewsNormalizer.Normalize(new RawNewsItem(null, null, "Ceasefire in Lashio", null, null), "kng", Fetched, false);

        Assert.StartsWith("urn:kng:title-", a.CanonicalUrl, StringComparison.Ordinal);
        Assert.Equal(a.CanonicalUrl, b.CanonicalUrl);
        Assert.NotEqual(a.CanonicalUrl, c.CanonicalUrl);
    }

    [Fact]
    public void Normalize_OutletNameInTitle_DoesNotMakeItemRelevant()
    {
        var item = NewsNormalizer.Normalize(
            new RawNewsItem(null, "https://kng.example/a", "Local school reopens after holidays - Kachin News Group", "Pupils return.", null),
            "kng", Fetched, false);

        Assert.False(item.IsRelevant);
        Assert.Equal("Kachin News Group", item.Outlet);
        Assert.Null(item.Published);
        Assert.Equal(Fetched, item.EffectiveTime);
    }

    [Fact]
    public void Normalize_BlankSummary_Null()
    {
        var item = NewsNormalizer.Normalize(new RawNewsItem(null, "https://a.example/x", "Title here", "   ", null), "s", Fetched, false);

        Assert.Null(item.Summary);
    }
}
