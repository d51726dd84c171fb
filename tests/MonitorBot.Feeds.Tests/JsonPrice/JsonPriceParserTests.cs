using MonitorBot.Feeds.JsonPrice;

namespace MonitorBot.Feeds.Tests.JsonPrice;

public sealed class JsonPriceParserTests
{
    private readonly JsonPriceParser _parser = new();

    [Fact]
    public void Parse_NestedPathStringNumbersAndRanges_ScalesToPerKg()
    {
        var source = TestFeeds.Source("smm-tb", series: "tb-oxide", configure: s =>
        {
            s.JsonPath = "data.prices";
            s.TimeField = "date";
            s.ValueField = "price";
            s.Unit = "kg";
            s.Currency = "CNY";
            s.Scale = 0.001;
            s.Basis = "China domestic 99.99%";
        });

        var result = TestFeeds.ParseFixture(_parser, "JsonPrice/nested.json", source);

        Assert.Equal(4, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows);
        var first = result.Prices[0];
        Assert.Equal(("tb-oxide", "kg", "CNY", "smm-tb", "China domestic 99.99%"), (first.SeriesId, first.Unit, first.Currency, first.Source, first.Basis));
        Assert.Equal(6550, first.Value, 6);
        Assert.Equal(6500, first.Low!.Value, 6);
        Assert.Equal(6600, first.High!.Value, 6);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1742860800), result.Prices[1].Time);
        Assert.Equal(6450, result.Prices[2].Value, 6); // mid of low/high
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1742947200000), result.Prices[3].Time);
        Assert.Equal(6470, result.Prices[3].Value, 6);
    }

    [Theory]
    [InlineData("[{\"time\":\"2025-03-24\",\"value\":1}]", "", 1)]
    [InlineData("{\"a\":[{\"x\":0},{\"b\":[{\"time\":\"2025-03-24\",\"value\":\"2\"}]}]}", "a.1.b", 2)]
    [InlineData("[{\"time\":\"2025-03-24\",\"value\":3,\"source\":\"asian-metal\"}]", null, 3)]
    public void Parse_Paths_DefaultFields(string body, string? path, double value)
    {
        var source = TestFeeds.Source("jp", series: "s", configure: s => s.JsonPath = path);

        var price = Assert.Single(TestFeeds.ParseText(_parser, body, source).Prices);

        Assert.Equal(value, price.Value);
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), price.Time);
        Assert.Equal(value == 3 ? "asian-metal" : "jp", price.Source);
    }

    [Theory]
    [InlineData("{\"data\":[]}", "prices", "JSON path 'prices' not found")]
    [InlineData("{\"data\":{}}", "data", "JSON path 'data' is not an array")]
    [InlineData("{\"data\":[]}", "", "the JSON root is not an array")]
    [InlineData("[{\"time\":\"2025", "", "malformed JSON")]
    [InlineData("[{\"time\":\"2025-03-24\"},{\"value\":1}]", "", "first error at line 1: missing or bad \"value\"")]
    [InlineData("[1,2]", "", "element is not an object")]
    public void Parse_Bad_Throws(string body, string path, string expected)
    {
        var source = TestFeeds.Source("jp", series: "s", configure: s => s.JsonPath = path);

        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body, source));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSeries_Throws() =>
        Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, "[]", TestFeeds.Source("jp")));
}
