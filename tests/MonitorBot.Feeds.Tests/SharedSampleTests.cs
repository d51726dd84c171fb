using MonitorBot.Feeds.Comtrade;
using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Yahoo;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Feeds.Tests;

/// <summary>Real payloads in ../shared/samples (skipped when the folder is absent).</summary>
public sealed class SharedSampleTests
{
    /// <summary>After every sample was captured (they date from 2024-2026), so none looks like it is from the future.</summary>
    private static readonly DateTimeOffset SampleFetchedAt = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Require(string name)
    {
        var path = SharedSamples.PathOf(name);
        Skip.If(path is null || !File.Exists(path), $"shared sample {name} not present");
        return path!;
    }

    [SkippableFact]
    public void GoogleNews_Sample_StripsReutersSuffix()
    {
        var result = TestFeeds.ParseFile(new RssFeedParser(), Require("googlenews.rss"), fetchedAt: SampleFetchedAt);

        Assert.Equal(20, result.Items.Count);
        var first = result.Items[0];
        Assert.Equal("Kennedy Center board votes to inscribe Trump's name on building", first.Title);
        Assert.Equal("Reuters", first.Outlet);
        Assert.Equal(new DateTimeOffset(2026, 8, 13, 19, 56, 18, TimeSpan.Zero), first.Published);
        Assert.All(result.Items, i => Assert.DoesNotContain(" - Reuters", i.Title, StringComparison.Ordinal));
        Assert.All(result.Items, i => Assert.NotNull(i.Guid));
    }

    [SkippableFact]
    public void WordPress_Sample_ReadsContentEncoded()
    {
        var result = TestFeeds.ParseFile(new RssFeedParser(), Require("wordpress_rss2_sample.xml"), fetchedAt: SampleFetchedAt);

        Assert.Equal(10, result.Items.Count);
        Assert.Equal("Microsoft Plugs Nearly 400 Security Holes", result.Items[0].Title);
        Assert.Equal("Krebs on Security", result.Items[0].Outlet);
        Assert.Equal(new DateTimeOffset(2026, 8, 11, 21, 28, 35, TimeSpan.Zero), result.Items[0].Published);
        Assert.StartsWith("Microsoft today released updates", result.Items[0].Summary, StringComparison.Ordinal);
        Assert.All(result.Items, i => Assert.InRange(i.Summary!.Length, 1, RssFeedParser.MaxSummaryLength));
        Assert.All(result.Items, i => Assert.DoesNotContain("<", i.Summary!, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Atom_Sample_ReadsEntries()
    {
        var result = TestFeeds.ParseFile(new RssFeedParser(), Require("atom_sample.xml"), fetchedAt: SampleFetchedAt);

        Assert.Equal(30, result.Items.Count);
        Assert.Equal("DeepSeek V4 Pro 0813 (on OpenRouter)", result.Items[0].Title);
        Assert.Equal("https://simonwillison.net/2026/Aug/12/deepseek-v4-pro-0813/", result.Items[0].Link);
        Assert.Equal("Simon Willison's Weblog", result.Items[0].Outlet);
        Assert.All(result.Items, i => Assert.NotNull(i.Published));
    }

    [SkippableFact]
    public void Gdelt_Artlist_Sample()
    {
        var result = TestFeeds.ParseFile(new GdeltParser(), Require("gdelt_artlist.json"), fetchedAt: SampleFetchedAt);

        Assert.Equal(4, result.Items.Count);
        Assert.Equal(new DateTimeOffset(2024, 6, 15, 17, 0, 0, TimeSpan.Zero), result.Items[0].Published);
        Assert.Equal("thehindu.com", result.Items[0].Outlet);
    }

    [SkippableFact]
    public void Gdelt_ErrorSamples_Throw()
    {
        var keyword = Assert.Throws<FeedParseException>(() => TestFeeds.ParseFile(new GdeltParser(), Require("gdelt_keyword_error_200.txt"), fetchedAt: SampleFetchedAt));
        var limited = Assert.Throws<FeedFetchException>(() => TestFeeds.ParseFile(new GdeltParser(), Require("gdelt_rate_limited_429.txt"), fetchedAt: SampleFetchedAt));

        Assert.Contains("GDELT returned an error instead of JSON: One or more of your keywords were too short", keyword.Message, StringComparison.Ordinal);
        Assert.True(limited.IsTransient);
    }

    [SkippableFact]
    public void Comtrade_AnnualSample_ReadsFlows()
    {
        var result = TestFeeds.ParseFile(new ComtradeParser(), Require("comtrade_data_v1_get_annual.json"), TestFeeds.Source("ct"), fetchedAt: SampleFetchedAt);

        Assert.Equal(4, result.Trade.Count);
        var first = result.Trade[0];
        Assert.Equal((156, 32, "TOTAL", "2010", "M"), (first.ReporterCode, first.PartnerCode, first.HsCode, first.Period, first.FlowCode));
        Assert.Null(first.NetWeightKg);
        Assert.Equal(6804128143.0, first.ValueUsd);
    }

    [SkippableFact]
    public void Comtrade_TarifflineExcerpt_SumsTariffLinesPerHsCode()
    {
        var result = TestFeeds.ParseFile(new ComtradeParser(), Require("comtrade_tariffline_china_from_myanmar_excerpt.json"), TestFeeds.Source("ct"), fetchedAt: SampleFetchedAt);

        Assert.Equal(2, result.Trade.Count);
        var first = result.Trade[0];
        Assert.Equal((156, 104, "28469019", "2023", "M"), (first.ReporterCode, first.PartnerCode, first.HsCode, first.Period, first.FlowCode));
        Assert.Equal(38460500.0, first.NetWeightKg);
        Assert.Equal(1075939140.0, first.ValueUsd);
        Assert.Equal((28418000.0, 228363162.0), (result.Trade[1].NetWeightKg!.Value, result.Trade[1].ValueUsd!.Value));
        Assert.Equal(0, result.SkippedRows);
    }

    [SkippableFact]
    public void Comtrade_PreviewRecordExcerpt_ParsesSingleRow()
    {
        var result = TestFeeds.ParseFile(new ComtradeParser(), Require("comtrade_preview_record_excerpt.json"), TestFeeds.Source("ct"), fetchedAt: SampleFetchedAt);

        var flow = Assert.Single(result.Trade);
        Assert.Equal((392, 704, "090111", "202401", "M"), (flow.ReporterCode, flow.PartnerCode, flow.HsCode, flow.Period, flow.FlowCode));
        Assert.Equal(13296000.0, flow.NetWeightKg);
        Assert.Equal(35660719.503, flow.ValueUsd);
        Assert.Equal("ct", flow.Source);
        Assert.Equal(0, result.SkippedRows);
    }

    [SkippableFact]
    public void Gdelt_TimelineVolExcerpt_ParsesPoints()
    {
        var result = TestFeeds.ParseFile(new GdeltParser(), Require("gdelt_timelinevol_excerpt.json"), TestFeeds.Source("gdelt-vol"), fetchedAt: SampleFetchedAt);

        Assert.Empty(result.Items);
        Assert.Equal(3, result.Prices.Count);
        Assert.All(result.Prices, p => Assert.Equal(("gdelt-volume", "%", "", "Volume Intensity", "gdelt-vol"), (p.SeriesId, p.Unit, p.Currency, p.Basis, p.Source)));
        Assert.Equal(new DateTimeOffset(2026, 8, 31, 18, 15, 0, TimeSpan.Zero), result.Prices[0].Time);
        Assert.Equal(1.9942, result.Prices[0].Value);
        Assert.Equal(new DateTimeOffset(2026, 8, 31, 19, 0, 0, TimeSpan.Zero), result.Prices[2].Time);
        Assert.Equal(2.761, result.Prices[2].Value);
    }

    [SkippableTheory]
    [InlineData("yahoo_chart.json", 23, "1301.t", "JPY", 4035.0)]
    [InlineData("yahoo_chart_with_events.json", -1, "6309.t", "JPY", double.NaN)]
    [InlineData("yahoo_chart_ibm_period.json", 1, "ibm", "USD", 126.62000274658203)]
    public void Yahoo_Samples(string name, int count, string series, string currency, double firstClose)
    {
        var result = TestFeeds.ParseFile(new YahooChartParser(), Require(name), fetchedAt: SampleFetchedAt);

        if (count >= 0) Assert.Equal(count, result.Prices.Count);
        else Assert.NotEmpty(result.Prices);
        Assert.All(result.Prices, p => Assert.Equal((series, currency), (p.SeriesId, p.Currency)));
        if (!double.IsNaN(firstClose)) Assert.Equal(firstClose, result.Prices[0].Value);
    }

    [SkippableFact]
    public void Stooq_Samples()
    {
        var source = TestFeeds.Source("stooq", series: "spy");
        var parser = new CsvPriceParser();

        var daily = TestFeeds.ParseFile(parser, Require("stooq_daily.csv"), source, fetchedAt: SampleFetchedAt);
        var quote = TestFeeds.ParseFile(parser, Require("stooq_quote.csv"), source, fetchedAt: SampleFetchedAt);
        var unknown = Assert.Throws<FeedParseException>(() => TestFeeds.ParseFile(parser, Require("stooq_quote_unknown_symbol.csv"), source, fetchedAt: SampleFetchedAt));

        Assert.Equal(40, daily.Prices.Count);
        Assert.Equal(695.16, daily.Prices[^1].Value);
        Assert.Equal(new DateTimeOffset(2026, 2, 9, 0, 0, 0, TimeSpan.Zero), daily.Prices[^1].Time);
        Assert.Equal(165.29, Assert.Single(quote.Prices).Value);
        Assert.Contains("unknown symbol 'APPL.US'", unknown.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("googlenews.rss", "rss")]
    [InlineData("wordpress_rss2_sample.xml", "rss")]
    [InlineData("atom_sample.xml", "atom")]
    [InlineData("gdelt_artlist.json", "gdelt")]
    [InlineData("gdelt_timelinevol_excerpt.json", "gdelt")]
    [InlineData("comtrade_preview_record_excerpt.json", "comtrade")]
    [InlineData("comtrade_data_v1_get_annual.json", "comtrade")]
    [InlineData("yahoo_chart.json", "yahoo")]
    [InlineData("yahoo_chart_with_events.json", "yahoo")]
    [InlineData("stooq_daily.csv", "csv")]
    [InlineData("stooq_quote.csv", "csv")]
    public void Detect_Samples(string name, string expected)
    {
        var path = Require(name);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(expected, FeedKindDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FeedKindDetector.HeadLength)), null, path));
    }
}

/// <summary>Every payload in ../shared/samples through what <c>monitorbot feed test &lt;path&gt;</c> runs: kind detection and the parser.</summary>
public sealed class SharedSampleFeedTestTests
{
    private static FeedReader Reader() =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FeedReader>(Transport.FeedTestServer.BuildServices());

    public static IEnumerable<object[]> Samples()
    {
        if (SharedSamples.Directory is null)
        {
            yield return ["(absent)"];
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(SharedSamples.Directory).Order(StringComparer.Ordinal)) yield return [Path.GetFileName(file)];
    }

    /// <summary>Kind and record count when the sample reads; the start of the plain error when it must not.</summary>
    private static readonly Dictionary<string, (string? Kind, int Records, string? Error)> Expected = new(StringComparer.Ordinal)
    {
        ["atom_sample.xml"] = ("atom", 30, null),
        ["comtrade_data_v1_get_annual.json"] = ("comtrade", 4, null),
        ["comtrade_preview_record_excerpt.json"] = ("comtrade", 1, null),
        ["comtrade_tariffline_china_from_myanmar_excerpt.json"] = ("comtrade", 2, null),
        ["gdelt_artlist.json"] = ("gdelt", 4, null),
        ["gdelt_keyword_error_200.txt"] = (null, 0, "GDELT returned an error instead of JSON: One or more of your keywords"),
        ["gdelt_masterfilelist_head.txt"] = (null, 0, "this is GDELT's master file list"),
        ["gdelt_rate_limited_429.txt"] = (null, 0, "GDELT rate-limited the request"),
        ["gdelt_timelinevol_excerpt.json"] = ("gdelt", 3, null),
        ["googlenews.rss"] = ("rss", 20, null),
        ["stooq_daily.csv"] = ("csv", 40, null),
        ["stooq_quote.csv"] = ("csv", 1, null),
        ["stooq_quote_unknown_symbol.csv"] = (null, 0, "no usable CSV rows (1 bad); first error at line 2: unknown symbol 'APPL.US'"),
        ["wordpress_rss2_sample.xml"] = ("rss", 10, null),
        ["yahoo_chart.json"] = ("yahoo", 23, null),
        ["yahoo_chart_ibm_period.json"] = ("yahoo", 1, null),
        ["yahoo_chart_with_events.json"] = ("yahoo", -1, null),
    };

    [SkippableTheory]
    [MemberData(nameof(Samples))]
    public async Task ReadLocationAsync_SharedSample_ReadsOrSaysWhyNot(string name)
    {
        Skip.If(SharedSamples.Directory is null, "../shared/samples not present");
        var path = SharedSamples.PathOf(name)!;
        Assert.True(Expected.TryGetValue(name, out var expected), $"new shared sample {name}: add it to the table");
        var stem = Path.GetFileNameWithoutExtension(name);

        if (expected.Error is null)
        {
            var result = await Reader().ReadLocationAsync(path, null, CancellationToken.None);
            Assert.Equal(expected.Kind, result.Kind);
            if (expected.Records >= 0) Assert.Equal(expected.Records, result.Parsed.Count);
            else Assert.True(result.Parsed.Count > 0);
        }
        else
        {
            var ex = await Assert.ThrowsAnyAsync<FeedException>(() => Reader().ReadLocationAsync(path, null, CancellationToken.None));
            Assert.StartsWith($"source '{stem}': {expected.Error}", ex.Message, StringComparison.Ordinal);
        }
    }
}
