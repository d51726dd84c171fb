using MonitorBot.Feeds.Csv;

namespace MonitorBot.Feeds.Tests.Csv;

public sealed class CsvPriceParserTests
{
    private readonly CsvPriceParser _parser = new();

    private static FeedSourceOptions Source(double scale = 1) => TestFeeds.Source("stooq-remx", series: "remx", configure: s =>
    {
        s.Unit = "share";
        s.Currency = "USD";
        s.Scale = scale;
    });

    [Theory]
    [InlineData("Csv/stooq_daily.csv", 3, "2025-03-20T00:00:00+00:00", 10.75, 10.25, 11.0)]
    [InlineData("Csv/stooq_quote.csv", 1, "2025-03-24T22:00:06+00:00", 40.9, 39.8, 41.2)]
    public void Parse_Stooq_ReadsCloseLowHigh(string fixture, int count, string firstTime, double close, double low, double high)
    {
        var result = TestFeeds.ParseFixture(_parser, fixture, Source());

        Assert.Equal(count, result.Prices.Count);
        var first = result.Prices[0];
        Assert.Equal(DateTimeOffset.Parse(firstTime, System.Globalization.CultureInfo.InvariantCulture), first.Time);
        Assert.Equal((close, low, high), (first.Value, first.Low!.Value, first.High!.Value));
        Assert.Equal(("remx", "share", "USD", "stooq-remx"), (first.SeriesId, first.Unit, first.Currency, first.Source));
        Assert.Equal(0, result.SkippedRows);
    }

    [Fact]
    public void Parse_Generic_AcceptsDateDateTimeAndUnixSecondsAndSkipsBadRow()
    {
        var result = TestFeeds.ParseFixture(_parser, "Csv/generic.csv", Source(scale: 0.001));

        Assert.Equal(3, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows);
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), result.Prices[0].Time);
        Assert.Equal(6.55, result.Prices[0].Value, 9);
        Assert.Equal(new DateTimeOffset(2025, 3, 25, 12, 0, 0, TimeSpan.Zero), result.Prices[1].Time);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1743033600), result.Prices[2].Time);
        Assert.Null(result.Prices[0].Low);
    }

    [Theory]
    [InlineData("DATE;CLOSE\n2025-03-24;1.5\n", 1.5)]
    [InlineData("Timestamp,Value\r\n2025-03-24,2.5\r\n", 2.5)]
    [InlineData("2025-03-24,3.5\n2025-03-25,3.75\n", 3.5)]
    [InlineData("\uFEFFtime,price\n2025-03-24T00:00:00Z,\"4.5\"\n", 4.5)]
    [InlineData("date,value\n20250324,5.5\n", 5.5)]
    public void Parse_HeaderVariants_CaseInsensitiveOrHeaderless(string body, double firstValue)
    {
        var first = TestFeeds.ParseText(_parser, body, Source()).Prices[0];

        Assert.Equal(firstValue, first.Value);
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), first.Time);
    }

    [Theory]
    [InlineData("Csv/stooq_nd.csv", "unknown symbol 'REMXX.US'")]
    [InlineData("Csv/challenge.html", "HTML page instead of CSV")]
    public void Parse_Failures_ThrowFeedParseException(string fixture, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseFixture(_parser, fixture, Source()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("source 'stooq-remx': ", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("Date,Close\n2025-03-24,abc\n2025-03-25,\n", "line 2: bad value 'abc'")]
    [InlineData("Date,Close\nyesterday,1\n", "line 2: bad time 'yesterday'")]
    [InlineData("Exceeded the daily hits limit", "the server refused")]
    public void Parse_EveryRowBad_SaysWhichLineAndWhy(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body, Source()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSeries_Throws()
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, "Date,Close\n2025-03-24,1\n", TestFeeds.Source("csv1")));

        Assert.Contains("needs a Series", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("Date,Open,High,Low,Close,Volume\r\n")]
    public void Parse_NoRows_IsEmpty(string body) => Assert.Empty(TestFeeds.ParseText(_parser, body, Source()).Prices);
}
