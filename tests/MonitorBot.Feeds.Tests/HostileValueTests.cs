using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.JsonPrice;
using MonitorBot.Feeds.Manual;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Yahoo;

namespace MonitorBot.Feeds.Tests;

/// <summary>Issue 10 point 8: implausible rows are refused one by one, with a reason the result carries; garbage is not ok.</summary>
public sealed class HostileValueTests
{
    private const string Good = "2025-03-20,1620\n2025-03-21,1625\n2025-03-24,1630\n";

    [Theory]
    [InlineData("2025-03-25,-5\n", "line 5: price is not positive (-5)")]
    [InlineData("2025-03-25,0\n", "line 5: price is not positive (0)")]
    [InlineData("2025-03-25,1e308\n", "line 5: value 1E+308 is absurdly large")]
    [InlineData("2025-03-25,1e-320\n", "line 5: value 9.99989E-321 is absurdly small")]
    [InlineData("2025-03-25,NaN\n", "line 5: value is not a finite number ('NaN')")]
    [InlineData("2025-03-25,Infinity\n", "line 5: value is not a finite number ('Infinity')")]
    [InlineData("2025-03-25,1e309\n", "line 5: value is not a finite number ('1e309')")]
    [InlineData("0001-01-01,1620\n", "line 5: date out of range (0001-01-01)")]
    [InlineData("2999-01-01,1620\n", "line 5: date out of range (2999-01-01)")]
    [InlineData("2025-03-25,1e-9\n", "line 5: value 1E-09 is more than 10 orders of magnitude from the series median 1625")]
    [InlineData("2025-03-25,170000000000000\n", "line 5: value 1.7E+14 is more than 10 orders of magnitude from the series median 1630")]
    public void Csv_HostileRow_SkippedWithReason(string row, string reason)
    {
        var result = TestFeeds.ParseText(new CsvPriceParser(), "Date,Close\n" + Good + row, TestFeeds.Source(series: "tb"));

        Assert.Equal(3, result.Prices.Count);
        Assert.Equal(1, result.SkippedRows);
        Assert.Equal([reason], result.SkipReasons);
    }

    [Fact]
    public void Csv_RepeatedReason_IsGroupedWithCount()
    {
        var result = TestFeeds.ParseText(new CsvPriceParser(), "Date,Close\n" + Good + "2025-03-25,-1\n2025-03-26,-2\n2025-03-27,abc\n", TestFeeds.Source(series: "tb"));

        Assert.Equal(3, result.SkippedRows);
        Assert.Equal(["line 5: price is not positive (-1)", "line 6: price is not positive (-2)", "line 7: bad value 'abc'"], result.SkipReasons);
    }

    [Fact]
    public void Manual_NegativeAndYearOne_SkippedWithReasons()
    {
        var result = TestFeeds.ParseText(new ManualPriceParser(), "tb,2025-03-24,6550\ntb,2025-03-25,-6550\ntb,0001-01-01,6550\n");

        Assert.Single(result.Prices);
        Assert.Equal(["line 2: price is not positive (-6550)", "line 3: date out of range (0001-01-01)"], result.SkipReasons);
    }

    [Fact]
    public void JsonPrice_ZeroAndFarFuture_SkippedWithReasons()
    {
        var result = TestFeeds.ParseText(new JsonPriceParser(),
            """[{"time":"2025-03-24","value":1665},{"time":"2025-03-25","value":0},{"time":"3000-01-01","value":1665}]""", TestFeeds.Source(series: "dy"));

        Assert.Single(result.Prices);
        Assert.Equal(["line 2: price is not positive (0)", "line 3: date out of range (3000-01-01)"], result.SkipReasons);
    }

    [Fact]
    public void Yahoo_NegativeClose_SkippedWithReason()
    {
        var result = TestFeeds.ParseText(new YahooChartParser(),
            """{"chart":{"result":[{"meta":{"symbol":"MP","currency":"USD"},"timestamp":[1742774400,1742860800],"indicators":{"quote":[{"close":[21.5,-3]}]}}],"error":null}}""");

        var price = Assert.Single(result.Prices);
        Assert.Equal("USD", price.Currency);
        Assert.Equal(["line 2: price is not positive (-3)"], result.SkipReasons);
    }

    [Theory]
    [InlineData("""{"chart":{}}""")]
    [InlineData("""{"chart":{"result":null,"error":null}}""")]
    [InlineData("""{"chart":{"result":[7]}}""")]
    [InlineData("""{"chart":{"result":"x"}}""")]
    [InlineData("""{"chart":[1,2]}""")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"chart":{"result":[{"meta":{"symbol":"X"},"timestamp":[1742774400],"indicators":{"quote":[{"close":{"a":1}}]}}]}}""")]
    public void Yahoo_GarbageBody_IsAnError(string body)
    {
        Assert.ThrowsAny<FeedException>(() => TestFeeds.ParseText(new YahooChartParser(), body));
    }

    [Fact]
    public void Gdelt_NegativeToneIsKept_ButYearOneIsNot()
    {
        var result = TestFeeds.ParseText(new GdeltParser(),
            """{"timeline":[{"series":"Average Tone","data":[{"date":"20250324T000000Z","value":-2.5},{"date":"00010101T000000Z","value":1}]}]}""");

        Assert.Equal(-2.5, Assert.Single(result.Prices).Value);
        Assert.Equal(["line 2: date out of range (0001-01-01)"], result.SkipReasons);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    public void Gdelt_NonHttpArticleUrl_IsSkipped(string url)
    {
        var result = TestFeeds.ParseText(new GdeltParser(),
            $$"""{"articles":[{"url":"https://example.org/ok","title":"Ok"},{"url":"{{url}}","title":"Bad"}]}""");

        Assert.Equal("https://example.org/ok", Assert.Single(result.Items).Link);
        Assert.Equal(["line 2: article url is not an http(s) link"], result.SkipReasons);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("ftp://example.org/x")]
    public void Rss_NonHttpLink_IsDropped(string link)
    {
        var result = TestFeeds.ParseText(new RssFeedParser(),
            $"<rss version=\"2.0\"><channel><title>T</title><item><title>X</title><link>{System.Security.SecurityElement.Escape(link)}</link></item></channel></rss>");

        Assert.Null(Assert.Single(result.Items).Link);
    }
}
