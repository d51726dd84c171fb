using MonitorBot.Feeds.Comtrade;

namespace MonitorBot.Feeds.Tests.Comtrade;

public sealed class ComtradeParserTests
{
    private readonly ComtradeParser _parser = new();

    [Fact]
    public void Parse_Breakdown_KeepsTotalsRowElseSumsAndSkipsBadPeriod()
    {
        var result = TestFeeds.ParseFixture(_parser, "Comtrade/preview_breakdown.json", TestFeeds.Source("comtrade-cn-mm"));

        Assert.Equal(3, result.Trade.Count);
        Assert.Equal(1, result.SkippedRows);

        var oxides = result.Trade[0];
        Assert.Equal((156, 104, "284690", "202502", "M"), (oxides.ReporterCode, oxides.PartnerCode, oxides.HsCode, oxides.Period, oxides.FlowCode));
        Assert.Equal(311000.0, oxides.NetWeightKg);
        Assert.Equal(9100000.0, oxides.ValueUsd);
        Assert.Equal("comtrade-cn-mm", oxides.Source);
        Assert.Equal(TestFeeds.FetchedAt, oxides.FetchedAt);

        var metals = result.Trade[1];
        Assert.Equal("280530", metals.HsCode);
        Assert.Equal(2000.5, metals.NetWeightKg);
        Assert.Null(metals.ValueUsd);

        var numeric = result.Trade[2];
        Assert.Equal("202401", numeric.Period);
        Assert.Equal("284690", numeric.HsCode);
        Assert.Null(numeric.NetWeightKg);
        Assert.Null(numeric.ValueUsd);
    }

    [Fact]
    public void Parse_BareArrayOfRows_UsesSameRowMapping()
    {
        var result = TestFeeds.ParseFixture(_parser, "Comtrade/bare_array.json", TestFeeds.Source("ct-bare"));

        Assert.Equal(2, result.Trade.Count);
        Assert.Equal(1, result.SkippedRows); // the row without reporterCode
        var oxides = result.Trade[0];
        Assert.Equal((156, 104, "284690", "202503", "M"), (oxides.ReporterCode, oxides.PartnerCode, oxides.HsCode, oxides.Period, oxides.FlowCode));
        Assert.Equal(420000.0, oxides.NetWeightKg); // the totals row wins over the motCode breakdown
        Assert.Equal(12600000.0, oxides.ValueUsd);
        Assert.Equal("ct-bare", oxides.Source);
        Assert.Equal(TestFeeds.FetchedAt, oxides.FetchedAt);
        var ores = result.Trade[1];
        Assert.Equal("253090", ores.HsCode);
        Assert.Null(ores.NetWeightKg);
        Assert.Equal(55000.0, ores.ValueUsd);
    }

    [Fact]
    public void Parse_SingleRowObject_IsOneFlow()
    {
        var result = TestFeeds.ParseFixture(_parser, "Comtrade/single_row.json", TestFeeds.Source("ct-one"));

        var flow = Assert.Single(result.Trade);
        Assert.Equal((156, 104, "284690", "202502", "M"), (flow.ReporterCode, flow.PartnerCode, flow.HsCode, flow.Period, flow.FlowCode));
        Assert.Equal(311000.0, flow.NetWeightKg);
        Assert.Equal(9100000.5, flow.ValueUsd);
        Assert.Equal("ct-one", flow.Source);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void Parse_EmptyBareArray_IsEmptyNotError(string body) => Assert.Empty(TestFeeds.ParseText(_parser, body).Trade);

    [Theory]
    [InlineData("{\"elapsedTime\":\"0.01 secs\",\"count\":0,\"data\":[],\"error\":\"\"}")]
    [InlineData("{\"count\":0,\"data\":null}")]
    [InlineData("{\"count\":0}")]
    public void Parse_EmptyData_IsEmptyNotError(string body) => Assert.Empty(TestFeeds.ParseText(_parser, body).Trade);

    [Fact]
    public void Parse_EmptyFixture_IsEmpty() => Assert.Empty(TestFeeds.ParseFixture(_parser, "Comtrade/empty.json").Trade);

    [Theory]
    [InlineData("Comtrade/gateway_401.json", false, null, "Comtrade gateway error 401: Access denied due to missing subscription key.")]
    [InlineData("Comtrade/gateway_429.json", true, 429, "Comtrade gateway error 429: Rate limit is exceeded. Try again in 12 seconds.")]
    [InlineData("Comtrade/error_field.json", false, null, "Comtrade returned an error: Invalid period: 20251")]
    public void Parse_Errors_ThrowWithTransienceByStatus(string fixture, bool transient, int? status, string message)
    {
        var ex = Assert.ThrowsAny<FeedException>(() => TestFeeds.ParseFixture(_parser, fixture, TestFeeds.Source("ct")));

        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal("source 'ct': " + message, ex.Message);
        Assert.IsType(transient ? typeof(FeedFetchException) : typeof(FeedParseException), ex);
    }

    [Fact]
    public void Parse_Gateway503_IsTransient()
    {
        var ex = Assert.Throws<FeedFetchException>(() => TestFeeds.ParseText(_parser, "{\"statusCode\":503,\"message\":\"Service Unavailable\"}"));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatus);
    }

    [Theory]
    [InlineData("{\"data\":[{\"reporterCode\":156,\"cmdCode\":\"2846\"",  "malformed JSON")]
    [InlineData("[1,2,3]", "no usable Comtrade rows (3 bad); first error at line 1: row is not an object")]
    [InlineData("[{\"time\":\"2025-01-01\",\"value\":1}]", "line 1: missing reporterCode")]
    [InlineData("\"text\"", "not a JSON object or array")]
    [InlineData("{\"reporterCode\":156,\"cmdCode\":\"2846\"}", "line 1: missing partnerCode")]
    [InlineData("{\"rows\":[]}", "Comtrade tariff-line extract")]
    [InlineData("{\"data\":[{\"partnerCode\":104,\"cmdCode\":\"2846\",\"flowCode\":\"M\",\"period\":\"202502\"}]}", "line 1: missing reporterCode")]
    [InlineData("{\"data\":[{\"reporterCode\":156,\"partnerCode\":104,\"cmdCode\":\"2846\",\"flowCode\":\"M\",\"period\":\"202513\"}]}", "bad period '202513'")]
    public void Parse_BadInput_ThrowsFeedParseException(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => TestFeeds.ParseText(_parser, body));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefYearMonthWithoutPeriod_BuildsPeriod()
    {
        const string Body = "{\"data\":[{\"reporterCode\":\"156\",\"partnerCode\":104,\"cmdCode\":\"2846\",\"flowCode\":\"M\",\"refYear\":2025,\"refMonth\":2,\"netWgt\":\"311000\",\"primaryValue\":1}]}";

        var flow = Assert.Single(TestFeeds.ParseText(_parser, Body).Trade);

        Assert.Equal("202502", flow.Period);
        Assert.Equal(311000, flow.NetWeightKg);
    }
}
