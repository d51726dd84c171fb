using MonitorBot.Feeds.Gdelt;

namespace MonitorBot.Feeds.Tests.Gdelt;

public sealed class GdeltParserTests
{
    private readonly GdeltParser _parser = new();

    [Fact]
    public void Parse_Artlist_MapsUrlTitleSeenDateAndDomain()
    {
        var result = TestFeeds.ParseFixture(_parser, "Gdelt/artlist.json");

        Assert.Equal(3, result.Items.Count);
        Assert.Equal(1, result.SkippedRows);
        var first = result.Items[0];
        Assert.Equal("https://news.example.com/2025/03/kachin-rare-earth-exports", first.Guid);
        Assert.Equal(first.Guid, first.Link);
        Assert.Equal("Kachin rare earth exports resume after KIA decision", first.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 27, 9, 15, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("news.example.com", first.Outlet);
        Assert.Null(first.Summary);
        Assert.Equal("https://other.example.net/no-date", result.Items[2].Title); // empty title falls back to the url
        Assert.Null(result.Items[2].Published);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("  \n{ }")]
    [InlineData("{\"articles\": null}")]
    [InlineData("{\"articles\": []}")]
    [InlineData("")]
    [InlineData("\uFEFF{}")]
    public void Parse_NoArticles_IsEmpty(string body)
    {
        var result = TestFeeds.ParseText(_parser, body);

        Assert.Empty(result.Items);
        Assert.Equal(0, result.SkippedRows);
    }

    [Fact]
    public void Parse_EmptyFixture_IsEmpty() => Assert.Empty(TestFeeds.ParseFixture(_parser, "Gdelt/empty.json").Items);

    [Theory]
    [InlineData("Gdelt/keyword_error.txt", "GDELT returned an error instead of JSON: One or more of your keywords were too short")]
    public void Parse_PlainTextError_ThrowsParseExceptionWithExcerpt(string fixture, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseFixture(_parser, fixture, TestFeeds.Source("gdelt-kachin")));

        Assert.Equal("source 'gdelt-kachin': " + expected + ", too long or too common: (kia)", ex.Message);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void Parse_HtmlErrorPage_ThrowsWithTextOnly()
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, "<html><body><p>Timespan is too short.</p></body></html>"));

        Assert.EndsWith("GDELT returned an error instead of JSON: Timespan is too short.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RateLimitText_ThrowsTransient429()
    {
        var ex = Assert.Throws<FeedFetchException>(() => TestFeeds.ParseFixture(_parser, "Gdelt/rate_limited.txt"));

        Assert.True(ex.IsTransient);
        Assert.Equal(429, ex.HttpStatus);
        Assert.Contains("Please limit requests", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ControlCharacters_AreStripped()
    {
        var body = "{\"articles\":[{\"url\":\"https://x.test/a\",\"title\":\"Kachin\u0001 rare\u0007 earth\tnews\",\"seendate\":\"20250101T000000Z\",\"domain\":\"x.test\"}]}";

        var item = Assert.Single(TestFeeds.ParseText(_parser, body).Items);

        Assert.Equal("Kachin rare earth news", item.Title);
    }

    [Theory]
    [InlineData("{\"articles\":[{\"url\":\"https://x.test/a\",")]
    [InlineData("{\"articles\": {\"url\": 1}}")]
    [InlineData("{\"articles\":[{\"title\":\"no url\"}]}")]
    public void Parse_MalformedJson_ThrowsFeedParseException(string body)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body));

        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void Parse_TimelineVol_MapsPointsToVolumeSeries()
    {
        var result = TestFeeds.ParseFixture(_parser, "Gdelt/timelinevol.json", TestFeeds.Source("gdelt-kachin-vol"));

        Assert.Empty(result.Items);
        Assert.Equal(3, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows); // the bucket with a bad date
        var first = result.Prices[0];
        Assert.Equal("gdelt-volume", first.SeriesId);
        Assert.Equal(new DateTimeOffset(2025, 3, 27, 9, 0, 0, TimeSpan.Zero), first.Time);
        Assert.Equal(0.0123, first.Value);
        Assert.Equal("%", first.Unit);
        Assert.Equal("", first.Currency);
        Assert.Equal("Volume Intensity", first.Basis);
        Assert.Equal("gdelt-kachin-vol", first.Source);
        Assert.Equal(TestFeeds.FetchedAt, first.FetchedAt);
        Assert.Equal(0.5, result.Prices[2].Value);
    }

    [Fact]
    public void Parse_TimelineWithConfiguredSeries_UsesIt()
    {
        var result = TestFeeds.ParseFixture(_parser, "Gdelt/timelinevol.json", TestFeeds.Source("g", series: "kachin-news-volume"));

        Assert.All(result.Prices, p => Assert.Equal("kachin-news-volume", p.SeriesId));
    }

    [Fact]
    public void Parse_TimelineWithSeveralSeries_SuffixesSeriesNameAndPicksUnits()
    {
        var result = TestFeeds.ParseFixture(_parser, "Gdelt/timelinevolraw_multi.json", TestFeeds.Source("g"));

        Assert.Equal(3, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows); // the null tone value
        Assert.Equal(("gdelt-volume-article-count", "articles", "Article Count", 12.0), (result.Prices[0].SeriesId, result.Prices[0].Unit, result.Prices[0].Basis, result.Prices[0].Value));
        Assert.Equal(("gdelt-volume-article-count", 30.0), (result.Prices[1].SeriesId, result.Prices[1].Value));
        Assert.Equal(("gdelt-volume-average-tone", "tone", "Average Tone", -3.25), (result.Prices[2].SeriesId, result.Prices[2].Unit, result.Prices[2].Basis, result.Prices[2].Value));
        Assert.Equal(new DateTimeOffset(2025, 3, 25, 0, 0, 0, TimeSpan.Zero), result.Prices[2].Time);
    }

    [Theory]
    [InlineData("{\"query_details\":{},\"timeline\":[]}")]
    [InlineData("{\"timeline\":[{\"series\":\"Volume Intensity\",\"data\":[]}]}")]
    [InlineData("{\"timeline\":[{\"series\":\"Volume Intensity\"}]}")]
    [InlineData("{\"timeline\":null}")]
    public void Parse_EmptyTimeline_IsEmpty(string body)
    {
        var result = TestFeeds.ParseText(_parser, body);

        Assert.Equal(0, result.Count);
        Assert.Equal(0, result.SkippedRows);
    }

    [Theory]
    [InlineData("{\"timeline\":{\"series\":\"x\"}}", "GDELT \"timeline\" is not an array")]
    [InlineData("{\"timeline\":[{\"series\":\"Volume Intensity\",\"data\":[{\"date\":\"20250101T000000Z\"}]}]}", "no usable GDELT timeline points (1 bad); first error at line 1: Volume Intensity: missing value")]
    [InlineData("{\"timeline\":[{\"series\":\"Volume Intensity\",\"data\":[{\"value\":1}]}]}", "Volume Intensity: bad or missing date")]
    public void Parse_BadTimeline_ThrowsFeedParseException(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Volume Intensity", "%")]
    [InlineData("France Volume Intensity", "%")]
    [InlineData("Article Count", "articles")]
    [InlineData("Average Tone", "tone")]
    [InlineData("English", null)]
    public void TimelineUnit_Table(string series, string? expected) => Assert.Equal(expected, GdeltParser.TimelineUnit(series));

    [Theory]
    [InlineData("20240615T170000Z", "2024-06-15T17:00:00+00:00")]
    [InlineData("20250327T091500Z", "2025-03-27T09:15:00+00:00")]
    [InlineData("2025-03-27T09:15:00Z", "2025-03-27T09:15:00+00:00")]
    [InlineData("garbage", null)]
    [InlineData("", null)]
    public void ParseSeenDate_Formats(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), GdeltParser.ParseSeenDate(text));
    }
}

public sealed class GdeltRequestTests
{
    [Theory]
    [InlineData("https://api.gdeltproject.org/api/v2/doc/doc", "\"rare earth\" (Kachin OR Myanmar)", null,
        "https://api.gdeltproject.org/api/v2/doc/doc?query=%22rare%20earth%22%20%28Kachin%20OR%20Myanmar%29&mode=artlist&format=json&maxrecords=250&sort=DateDesc&timespan=24h")]
    [InlineData("", "Bhamo", "7d",
        "https://api.gdeltproject.org/api/v2/doc/doc?query=Bhamo&mode=artlist&format=json&maxrecords=250&sort=DateDesc&timespan=7d")]
    [InlineData("https://api.gdeltproject.org/api/v2/doc/doc?query=x&mode=artlist", "ignored", null,
        "https://api.gdeltproject.org/api/v2/doc/doc?query=x&mode=artlist")]
    [InlineData("https://api.gdeltproject.org/api/v2/doc/doc", null, null, "https://api.gdeltproject.org/api/v2/doc/doc")]
    public void BuildUrl_Cases(string url, string? query, string? timespan, string expected)
    {
        var source = new FeedSourceOptions { Id = "g", Url = url, Query = query, Timespan = timespan };

        Assert.Equal(expected, GdeltRequest.BuildUrl(source));
    }
}
