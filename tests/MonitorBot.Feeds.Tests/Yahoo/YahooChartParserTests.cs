using MonitorBot.Feeds.Yahoo;

namespace MonitorBot.Feeds.Tests.Yahoo;

public sealed class YahooChartParserTests
{
    private readonly YahooChartParser _parser = new();

    [Fact]
    public void Parse_ChartWithNulls_SkipsMissingBarsAndMapsFields()
    {
        var result = TestFeeds.ParseFixture(_parser, "Yahoo/chart_nulls.json", TestFeeds.Source("yahoo-remx"));

        Assert.Equal(3, result.Prices.Count);
        var first = result.Prices[0];
        Assert.Equal("remx", first.SeriesId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1742563800), first.Time);
        Assert.Equal(40.5, first.Value);
        Assert.Equal(39.9, first.Low);
        Assert.Equal(41.0, first.High);
        Assert.Equal("share", first.Unit);
        Assert.Equal("USD", first.Currency);
        Assert.Equal("close", first.Basis);
        Assert.Equal("yahoo-remx", first.Source);
        Assert.Equal(TestFeeds.FetchedAt, first.FetchedAt);
        Assert.Null(result.Prices[2].Low);
        Assert.Null(result.Prices[2].High);
        Assert.Equal(0, result.SkippedRows);
    }

    [Fact]
    public void Parse_SourceOverrides_ApplySeriesUnitCurrencyBasisAndScale()
    {
        var source = TestFeeds.Source("y", series: "remx-etf", configure: s =>
        {
            s.Unit = "unit";
            s.Currency = "usd-cents";
            s.Basis = "adj";
            s.Scale = 100;
        });

        var first = TestFeeds.ParseFixture(_parser, "Yahoo/chart_nulls.json", source).Prices[0];

        Assert.Equal(("remx-etf", "unit", "usd-cents", "adj"), (first.SeriesId, first.Unit, first.Currency, first.Basis));
        Assert.Equal(4050, first.Value, 6);
        Assert.Equal(3990, first.Low!.Value, 6);
        Assert.Equal(4100, first.High!.Value, 6);
    }

    [Theory]
    [InlineData("Yahoo/error.json", "Yahoo chart error Not Found: No data found, symbol may be delisted")]
    public void Parse_ErrorEnvelope_ThrowsWithDescription(string fixture, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseFixture(_parser, fixture, TestFeeds.Source("y")));

        Assert.Equal("source 'y': " + expected, ex.Message);
    }

    [Theory]
    [InlineData("{\"finance\":{\"result\":null,\"error\":{\"code\":\"Unauthorized\",\"description\":\"Invalid Crumb\"}}}", "Unauthorized: Invalid Crumb")]
    [InlineData("{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"X\"},\"timestamp\":[1]",  "malformed JSON")]
    [InlineData("{\"quoteResponse\":{}}", "no \"chart\" object")]
    [InlineData("{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"X\"},\"timestamp\":[1,2],\"indicators\":{\"quote\":[{}]}}],\"error\":null}}", "no indicators.quote[0].close")]
    public void Parse_BadInput_Throws(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"chart\":{\"result\":[],\"error\":null}}")]
    [InlineData("{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"MP\",\"currency\":\"USD\"},\"indicators\":{\"quote\":[{}]}}],\"error\":null}}")]
    [InlineData("{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"MP\"},\"timestamp\":[1,2],\"indicators\":{\"quote\":[{\"close\":[null,null]}]}}],\"error\":null}}")]
    public void Parse_NoBars_IsEmpty(string body) => Assert.Empty(TestFeeds.ParseText(_parser, body).Prices);
}
