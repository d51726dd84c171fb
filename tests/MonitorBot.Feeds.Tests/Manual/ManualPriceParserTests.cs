using MonitorBot.Feeds.Manual;

namespace MonitorBot.Feeds.Tests.Manual;

public sealed class ManualPriceParserTests
{
    private readonly ManualPriceParser _parser = new();

    [Fact]
    public void Parse_QuotesFile_HeaderCommentsDefaultsAndRanges()
    {
        var result = TestFeeds.ParseFixture(_parser, "Manual/quotes.csv", TestFeeds.Source("manual"));

        Assert.Equal(3, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows);

        var tb = result.Prices[0];
        Assert.Equal(("tb-oxide", 6550.0, "kg", "CNY", "manual"), (tb.SeriesId, tb.Value, tb.Unit, tb.Currency, tb.Source));
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), tb.Time);

        var dy = result.Prices[1];
        Assert.Equal((1610.0, 1600.0, 1620.0, "smm"), (dy.Value, dy.Low!.Value, dy.High!.Value, dy.Source));

        Assert.Equal("asian-metal", result.Prices[2].Source);
        Assert.Equal(new DateTimeOffset(2025, 3, 25, 8, 0, 0, TimeSpan.Zero), result.Prices[2].Time);
    }

    [Fact]
    public void Parse_SourceDefaultsAndScale_Apply()
    {
        var source = TestFeeds.Source("m", series: "dy-oxide", configure: s =>
        {
            s.Unit = "t";
            s.Currency = "USD";
            s.Scale = 0.5;
        });

        var price = Assert.Single(TestFeeds.ParseText(_parser, ",2025-03-24,100\n", source).Prices);

        Assert.Equal(("dy-oxide", 50.0, "t", "USD", "m"), (price.SeriesId, price.Value, price.Unit, price.Currency, price.Source));
    }

    [Theory]
    [InlineData("tb-oxide,2025-03-24\n", "line 1: expected series,time,value but found 2 field(s)")]
    [InlineData("# only\ntb-oxide,2025-03-24,abc\n", "line 2: bad value 'abc'")]
    [InlineData(",2025-03-24,1\n", "line 1: no series")]
    [InlineData("<html></html>", "HTML page")]
    public void Parse_AllBad_Throws(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body, TestFeeds.Source("m")));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1620", 1620.0, null, null)]
    [InlineData("1600-1620", 1610.0, 1600.0, 1620.0)]
    [InlineData("1620 to 1600", 1610.0, 1600.0, 1620.0)]
    [InlineData("6.55e3", 6550.0, null, null)]
    public void ParseValue_SinglesAndRanges(string text, double value, double? low, double? high)
    {
        var parsed = ManualPriceParser.ParseValue(text);

        Assert.Equal((value, low, high), parsed);
    }

    [Fact]
    public void ParseValue_Garbage_IsNull() => Assert.Null(ManualPriceParser.ParseValue("n/a"));
}
