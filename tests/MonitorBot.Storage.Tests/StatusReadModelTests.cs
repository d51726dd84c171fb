using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class StatusReadModelTests : StorageTestBase
{
    private static readonly DateTimeOffset AsOf = new(2025, 3, 24, 12, 0, 0, TimeSpan.Zero);

    private Task SaveAsync(IReadOnlyList<PriceObservation>? prices = null, IReadOnlyList<TradeFlow>? trade = null, IReadOnlyList<NewsItem>? news = null) =>
        Storage.Ingest.SaveAsync(new IngestBatch("src", prices ?? [], trade ?? [], news ?? []), Ct);

    private Task<StatusSnapshot> ReadAsync(params string[] series) => Storage.Status.ReadAsync(new StatusQuery(AsOf, series), Ct);

    [Fact]
    public async Task ReadAsync_EmptyDatabase_ReturnsEmptyLists()
    {
        var status = await ReadAsync(SeriesIds.TerbiumOxide);

        Assert.Equal(AsOf, status.AsOf);
        Assert.Empty(status.Prices);
        Assert.Empty(status.Trade);
        Assert.Empty(status.News);
        Assert.Empty(status.Feeds);
    }

    [Fact]
    public async Task ReadAsync_FuturePrints_AreIgnored()
    {
        await SaveAsync([
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(-2), 6400),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(-1), 6500),
            Make.Price(SeriesIds.TerbiumOxide, AsOf, 6550),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddMilliseconds(1), 9999),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(3), 9999),
        ]);

        var snapshot = Assert.Single((await ReadAsync(SeriesIds.TerbiumOxide)).Prices);

        Assert.Equal(6550, snapshot.Latest.Value);
        Assert.Equal(AsOf, snapshot.Latest.Time);
        Assert.Equal(6500, snapshot.Previous!.Value);
        Assert.Equal(3, snapshot.Count);
    }

    [Fact]
    public async Task ReadAsync_SameTimeFromTwoSources_LatestFetchedWins()
    {
        await SaveAsync([
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(-1), 6000, "smm"),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(-1), 6010, "asianmetal", fetched: AsOf.AddDays(-1).AddHours(2)),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddHours(-1), 6550, "smm", fetched: AsOf.AddHours(-1).AddMinutes(5)),
            Make.Price(SeriesIds.TerbiumOxide, AsOf.AddHours(-1), 6560, "asianmetal", fetched: AsOf.AddHours(-1).AddMinutes(30)),
        ]);

        var snapshot = Assert.Single((await ReadAsync(SeriesIds.TerbiumOxide)).Prices);

        Assert.Equal((6560d, "asianmetal"), (snapshot.Latest.Value, snapshot.Latest.Source));
        Assert.Equal((6010d, "asianmetal"), (snapshot.Previous!.Value, snapshot.Previous.Source));
        Assert.Equal(4, snapshot.Count);
    }

    [Theory]
    [InlineData(30, 29, 31, 31)] // prints 29 and 31 days back: baseline is the one at or before 30 days
    [InlineData(30, 30, 31, 30)] // exactly 30 days back counts
    [InlineData(7, 5, 8, 8)]
    public async Task ReadAsync_Baseline_IsNewestPrintAtOrBeforeLatestMinusDays(int baselineDays, int nearDaysBack, int farDaysBack, int expectedDaysBack)
    {
        var latestTime = AsOf.AddHours(-3);
        await SaveAsync([
            Make.Price(SeriesIds.DysprosiumOxide, latestTime, 1665),
            Make.Price(SeriesIds.DysprosiumOxide, latestTime.AddDays(-nearDaysBack), 1000 + nearDaysBack),
            Make.Price(SeriesIds.DysprosiumOxide, latestTime.AddDays(-farDaysBack), 1000 + farDaysBack),
            Make.Price(SeriesIds.DysprosiumOxide, latestTime.AddDays(-90), 1090),
        ]);

        var status = await Storage.Status.ReadAsync(new StatusQuery(AsOf, [SeriesIds.DysprosiumOxide], BaselineDays: baselineDays), Ct);

        var snapshot = Assert.Single(status.Prices);
        Assert.Equal(latestTime.AddDays(-expectedDaysBack), snapshot.Baseline!.Time);
        Assert.Equal(1000 + expectedDaysBack, snapshot.Baseline.Value);
    }

    [Fact]
    public async Task ReadAsync_SinglePrint_HasNoPreviousOrBaseline()
    {
        await SaveAsync([Make.Price(SeriesIds.TerbiumOxide, AsOf.AddDays(-1), 6550)]);

        var snapshot = Assert.Single((await ReadAsync(SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide)).Prices);

        Assert.Equal(SeriesIds.TerbiumOxide, snapshot.SeriesId);
        Assert.Null(snapshot.Previous);
        Assert.Null(snapshot.Baseline);
        Assert.Equal(1, snapshot.Count);
    }

    [Fact]
    public async Task ReadAsync_SeveralSeries_KeepsRequestedOrder()
    {
        await SaveAsync([Make.Price(SeriesIds.TerbiumOxide, AsOf, 6550), Make.Price(SeriesIds.DysprosiumOxide, AsOf, 1665), Make.Price(SeriesIds.NdPrOxide, AsOf, 420)]);

        var status = await ReadAsync(SeriesIds.DysprosiumOxide, SeriesIds.TerbiumOxide);

        Assert.Equal([SeriesIds.DysprosiumOxide, SeriesIds.TerbiumOxide], status.Prices.Select(p => p.SeriesId));
        Assert.Equal("CNY/kg", status.Prices[0].Latest.Unit);
        Assert.Equal("FOB China", status.Prices[0].Latest.Basis);
    }

    [Fact]
    public async Task ReadAsync_TradeMonths_SkipCodesUnderAStoredPrefix()
    {
        await SaveAsync(trade: [
            Make.Trade("202502", "2846", 300_000, 3_000_000),
            Make.Trade("202502", "284690", 250_000, 2_500_000), // inside 2846: not counted again
            Make.Trade("202502", "280530", 11_000, 500_000, source: "gacc", fetched: AsOf.AddDays(-3)),
            Make.Trade("202501", "284690", 40_000), // no 2846 line that month: counted
            Make.Trade("202501", "280530", 2_000),
        ]);

        var trade = (await ReadAsync()).Trade;

        Assert.Equal(["202502", "202501"], trade.Select(t => t.Period));
        Assert.Equal(311, trade[0].NetWeightTonnes, 6);
        Assert.Equal(3_500_000, trade[0].ValueUsd);
        Assert.Equal(2, trade[0].Lines);
        Assert.Equal("comtrade, gacc", trade[0].Source);
        Assert.Equal(AsOf.AddDays(-3), trade[0].FetchedAt);
        Assert.Equal(42, trade[1].NetWeightTonnes, 6);
        Assert.Null(trade[1].ValueUsd);
    }

    [Fact]
    public async Task ReadAsync_TradeMonths_IgnoreOtherFlowsPartnersAnnualAndFuturePeriods()
    {
        await SaveAsync(trade: [
            Make.Trade("202502", "2846", 311_000),
            Make.Trade("202502", "2846", 9_000_000, flow: "X"),
            Make.Trade("202502", "2846", 8_000_000, partner: 156, reporter: 104),
            Make.Trade("2024", "2846", 40_000_000),
            Make.Trade("202503", "2846", 123_000), // March starts before AsOf (24 March): included
            Make.Trade("202504", "2846", 999_000), // April starts after AsOf: not yet
        ]);

        var trade = (await ReadAsync()).Trade;

        Assert.Equal([("202503", 123d), ("202502", 311d)], trade.Select(t => (t.Period, t.NetWeightTonnes)));
    }

    [Fact]
    public async Task ReadAsync_TradeMonths_NewestFirstWithYearEarlierIncluded()
    {
        var lines = new List<TradeFlow>();
        for (var month = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero); month <= AsOf; month = month.AddMonths(1))
        {
            lines.Add(Make.Trade(TradePeriod.Monthly(month), "2846", 1000.0 * month.Month));
        }

        await SaveAsync(trade: lines);

        var trade = await Storage.Status.ReadAsync(new StatusQuery(AsOf, [], TradeMonths: 13), Ct);

        Assert.Equal(13, trade.Trade.Count);
        Assert.Equal("202503", trade.Trade[0].Period);
        Assert.Equal(TradePeriod.YearEarlier("202503"), trade.Trade[12].Period);
        Assert.Equal(trade.Trade.Select(t => t.Period).OrderDescending(StringComparer.Ordinal), trade.Trade.Select(t => t.Period));
    }

    [Fact]
    public async Task ReadAsync_MonthWithoutAnyWeight_IsLeftOut()
    {
        await SaveAsync(trade: [Make.Trade("202502", "2846", null, 1_000_000), Make.Trade("202501", "2846", 5_000)]);

        var trade = (await ReadAsync()).Trade;

        Assert.Equal(["202501"], trade.Select(t => t.Period));
    }

    [Fact]
    public async Task ReadAsync_News_OrderedByRelevanceThenNewestAndLimited()
    {
        await SaveAsync(news: [
            Make.News("low", AsOf.AddDays(-1), relevance: 0.2),
            Make.News("mid-old", AsOf.AddDays(-5), relevance: 0.6),
            Make.News("mid-new", AsOf.AddDays(-2), relevance: 0.6),
            Make.News("top", AsOf.AddDays(-20), relevance: 0.95),
            Make.News("too-old", AsOf.AddDays(-31), relevance: 0.99),
            Make.News("future", AsOf.AddHours(1), relevance: 0.99),
            Make.News("unpublished", null, relevance: 0.5, fetched: AsOf.AddDays(-3)),
        ]);

        var all = await Storage.Status.ReadAsync(new StatusQuery(AsOf, []), Ct);
        var limited = await Storage.Status.ReadAsync(new StatusQuery(AsOf, [], NewsLimit: 2), Ct);

        Assert.Equal(["top", "mid-new", "mid-old", "unpublished"], all.News.Select(n => n.CanonicalUrl.Split('/')[^1]));
        Assert.Equal(["top", "mid-new"], limited.News.Select(n => n.CanonicalUrl.Split('/')[^1]));
    }

    [Fact]
    public async Task ReadAsync_DuplicateWireStories_AreExcluded()
    {
        await SaveAsync(news: [
            Make.News("reuters", AsOf.AddDays(-2), relevance: 0.7, titleKey: "china-ultimatum-kia"),
            Make.News("syndicated", AsOf.AddDays(-1), relevance: 0.9, titleKey: "china-ultimatum-kia", source: "gdelt"),
        ]);

        var news = (await ReadAsync()).News;

        Assert.Equal(["reuters"], news.Select(n => n.CanonicalUrl.Split('/')[^1]));
    }

    [Fact]
    public async Task ReadAsync_Feeds_AllOrderedById()
    {
        await Storage.FeedStates.UpsertAsync(new FeedState("rss-zeta", "rss", FeedStatus.Ok), Ct);
        await Storage.FeedStates.UpsertAsync(new FeedState("comtrade", "comtrade", FeedStatus.Disabled, "HTTP 401"), Ct);

        var feeds = (await ReadAsync()).Feeds;

        Assert.Equal(["comtrade", "rss-zeta"], feeds.Select(f => f.SourceId));
        Assert.Equal(FeedStatus.Disabled, feeds[0].Status);
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Status.ReadAsync(new StatusQuery(AsOf, [SeriesIds.TerbiumOxide]), cts.Token));
    }

    [Fact]
    public async Task QueryPlans_StatusQueries_UseIndexesWithoutFullScans()
    {
        var plans = new List<string>();
        plans.AddRange(await QueryPlanAsync(StatusReadModel.SeriesSql, ("@SeriesId", "tb-oxide"), ("@AsOf", 1L), ("@BaselineMs", 1L)));
        plans.AddRange(await QueryPlanAsync(StatusReadModel.NewsSql, ("@From", 0L), ("@AsOf", 1L), ("@MinRelevance", 0.35), ("@Limit", 10)));
        plans.AddRange(await QueryPlanAsync(StatusReadModel.TradeSql, ("@Reporter", 156), ("@Partner", 104), ("@FromPeriod", "0"), ("@ToPeriod", "202503"), ("@Limit", 25)));

        // A full scan of a table (or of a whole index) reads "SCAN <table or alias>"; CTEs (lt, times, cnt) are tiny.
        var fullScan = new System.Text.RegularExpressions.Regex(@"^SCAN (p|c|n|t|u|price_observations|news_items|trade_flows)( |$)");
        Assert.DoesNotContain(plans, line => fullScan.IsMatch(line));
        Assert.Contains(plans, line => line.Contains("ix_news_recent", StringComparison.Ordinal));
        Assert.Contains(plans, line => line.Contains("ux_price_series_time_source", StringComparison.Ordinal));
    }
}
