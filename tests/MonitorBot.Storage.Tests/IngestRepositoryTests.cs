using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class IngestRepositoryTests : StorageTestBase
{
    private static IngestBatch Batch(IReadOnlyList<PriceObservation>? prices = null, IReadOnlyList<TradeFlow>? trade = null, IReadOnlyList<NewsItem>? news = null) =>
        new("test-source", prices ?? [], trade ?? [], news ?? []);

    [Fact]
    public async Task SaveAsync_SameBatchTwice_SecondWritesNothing()
    {
        var batch = Batch(
            [Make.Price(SeriesIds.TerbiumOxide, T0, 6550), Make.Price(SeriesIds.DysprosiumOxide, T0, 1665)],
            [Make.Trade("202502", "2846", 311_000)],
            [Make.News("a", T0), Make.News("b", T0.AddHours(-2), guid: "g-b")]);

        var first = await Storage.Ingest.SaveAsync(batch, Ct);
        var second = await Storage.Ingest.SaveAsync(batch, Ct);

        Assert.Equal((2, 1, 2), (first.PricesWritten, first.TradeWritten, first.NewsInserted));
        Assert.Equal((0, 0, 0), (second.PricesWritten, second.TradeWritten, second.NewsInserted));
        Assert.Empty(second.InsertedNews);
        Assert.Empty(second.AffectedSeries);
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM price_observations"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM news_items"));
    }

    [Fact]
    public async Task SaveAsync_ChangedValue_CountsOneWrittenAndUpdatesRow()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500)]), Ct);

        var result = await Storage.Ingest.SaveAsync(
            Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6600, fetched: T0.AddHours(3)), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500, fetched: T0.AddHours(3))]), Ct);

        Assert.Equal(1, result.PricesWritten);
        Assert.Equal([SeriesIds.TerbiumOxide], result.AffectedSeries);
        Assert.Equal(6600, await ScalarAsync<double>($"SELECT value FROM price_observations WHERE time = {T0.ToUnixTimeMilliseconds()}"));
        Assert.Equal(T0.AddHours(3).ToUnixTimeMilliseconds(), await ScalarAsync<long>($"SELECT fetched_at FROM price_observations WHERE time = {T0.ToUnixTimeMilliseconds()}"));
    }

    [Fact]
    public async Task SaveAsync_ChangedRangeOnly_CountsWritten()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550, low: 6500, high: 6600)]), Ct);

        var same = await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550, low: 6500, high: 6600)]), Ct);
        var changed = await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550, low: 6450, high: 6600)]), Ct);
        var cleared = await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550)]), Ct);

        Assert.Equal([0, 1, 1], new[] { same.PricesWritten, changed.PricesWritten, cleared.PricesWritten });
    }

    [Fact]
    public async Task SaveAsync_InsertsAndUpdates_KeepPrintCountPerSeries()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500), Make.Price(SeriesIds.DysprosiumOxide, T0, 1665)]), Ct);
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6600), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500)]), Ct); // update + unchanged
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6610, "asianmetal")]), Ct); // new source, same time

        Assert.Equal(3, await ScalarAsync<long>("SELECT prints FROM price_series WHERE series_id = 'tb-oxide'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT prints FROM price_series WHERE series_id = 'dy-oxide'"));
        Assert.Equal(
            await ScalarAsync<long>("SELECT count(*) FROM price_observations"),
            await ScalarAsync<long>("SELECT sum(prints) FROM price_series"));
    }

    [Fact]
    public async Task SaveAsync_SameTimeFromTwoSources_KeepsBoth()
    {
        var result = await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550, "smm"), Make.Price(SeriesIds.TerbiumOxide, T0, 6560, "asianmetal")]), Ct);

        Assert.Equal(2, result.PricesWritten);
        Assert.Equal([SeriesIds.TerbiumOxide], result.AffectedSeries);
    }

    [Fact]
    public async Task SaveAsync_NonFinitePrice_IsSkippedAndBatchKept()
    {
        var result = await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, double.NaN), Make.Price(SeriesIds.DysprosiumOxide, T0, 1665)]), Ct);

        Assert.Equal(1, result.PricesWritten);
        Assert.Equal([SeriesIds.DysprosiumOxide], result.AffectedSeries);
    }

    [Fact]
    public async Task SaveAsync_TradeUpsert_CountsNewAndChangedLines()
    {
        await Storage.Ingest.SaveAsync(Batch(trade: [Make.Trade("202502", "2846", 311_000, 4_000_000), Make.Trade("202502", "280530", 1_000)]), Ct);

        var result = await Storage.Ingest.SaveAsync(Batch(trade: [Make.Trade("202502", "2846", 311_000, 4_000_000), Make.Trade("202502", "280530", 1_500)]), Ct);

        Assert.Equal(1, result.TradeWritten);
        Assert.Equal([SeriesIds.ChinaImportsFromMyanmar], result.AffectedSeries);
        Assert.Equal(1_500, await ScalarAsync<double>("SELECT net_weight_kg FROM trade_flows WHERE hs_code = '280530'"));
    }

    [Fact]
    public async Task SaveAsync_TradeOfOtherCountries_DoesNotAffectImportsSeries()
    {
        var result = await Storage.Ingest.SaveAsync(Batch(trade: [Make.Trade("202502", "2846", 5_000, reporter: 392)]), Ct);

        Assert.Equal(1, result.TradeWritten);
        Assert.Empty(result.AffectedSeries);
    }

    [Fact]
    public async Task SaveAsync_AffectedSeries_ListsWrittenPriceSeriesAndImports()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.NdPrOxide, T0, 420)]), Ct);

        var result = await Storage.Ingest.SaveAsync(
            Batch(
                [Make.Price(SeriesIds.TerbiumOxide, T0, 6550), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500), Make.Price(SeriesIds.NdPrOxide, T0, 420)],
                [Make.Trade("202501", "2846", 1_000_000)]),
            Ct);

        Assert.Equal([SeriesIds.TerbiumOxide, SeriesIds.ChinaImportsFromMyanmar], result.AffectedSeries);
    }

    [Fact]
    public async Task SaveAsync_SameCanonicalUrlFromAnotherSource_IsSkipped()
    {
        await Storage.Ingest.SaveAsync(Batch(news: [Make.News("story", T0, source: "rss-a")]), Ct);

        var result = await Storage.Ingest.SaveAsync(Batch(news: [Make.News("story", T0, source: "gdelt")]), Ct);

        Assert.Equal(0, result.NewsInserted);
    }

    [Fact]
    public async Task SaveAsync_SameSourceAndGuidWithNewUrl_IsSkipped()
    {
        await Storage.Ingest.SaveAsync(Batch(news: [Make.News("v1", T0, guid: "guid-1")]), Ct);

        var sameGuid = await Storage.Ingest.SaveAsync(Batch(news: [Make.News("v2", T0, guid: "guid-1")]), Ct);
        var otherSource = await Storage.Ingest.SaveAsync(Batch(news: [Make.News("v3", T0, guid: "guid-1", source: "rss-b")]), Ct);

        Assert.Equal(0, sameGuid.NewsInserted);
        Assert.Equal(1, otherSource.NewsInserted);
    }

    [Fact]
    public async Task SaveAsync_DuplicateWithinBatch_InsertsOnce()
    {
        var result = await Storage.Ingest.SaveAsync(Batch(news: [Make.News("x", T0), Make.News("x", T0)]), Ct);

        Assert.Equal(1, result.NewsInserted);
    }

    [Fact]
    public async Task SaveAsync_SameTitleKeyWithinThreeDays_FlagsDuplicateOfFirst()
    {
        await Storage.Ingest.SaveAsync(Batch(news: [Make.News("first", T0, titleKey: "kia-ultimatum")]), Ct);

        var result = await Storage.Ingest.SaveAsync(
            Batch(news:
            [
                Make.News("second", T0.AddDays(2), titleKey: "kia-ultimatum"),
                Make.News("third", T0.AddDays(2.5), titleKey: "kia-ultimatum"),
                Make.News("far", T0.AddDays(10), titleKey: "kia-ultimatum"),
                Make.News("other", T0, titleKey: "bhamo-offensive"),
            ]),
            Ct);

        Assert.Equal(4, result.NewsInserted); // duplicates are still stored and returned
        var firstId = await ScalarAsync<long>("SELECT id FROM news_items WHERE canonical_url LIKE '%/first'");
        Assert.Equal(firstId, await ScalarAsync<long>("SELECT duplicate_of FROM news_items WHERE canonical_url LIKE '%/second'"));
        Assert.Equal(firstId, await ScalarAsync<long>("SELECT duplicate_of FROM news_items WHERE canonical_url LIKE '%/third'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT duplicate_of IS NULL FROM news_items WHERE canonical_url LIKE '%/far'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT duplicate_of IS NULL FROM news_items WHERE canonical_url LIKE '%/other'"));
    }

    [Fact]
    public async Task SaveAsync_InsertedNews_ReturnedAsStored()
    {
        var published = T0.AddTicks(1234); // sub-millisecond part is not stored
        var item = Make.News("precise", published) with { IsBaseline = true };

        var result = await Storage.Ingest.SaveAsync(Batch(news: [item]), Ct);
        var stored = Assert.Single(result.InsertedNews);
        var read = await Storage.Status.ReadAsync(new StatusQuery(T0.AddDays(1), []), Ct);

        Assert.Equal(T0, stored.Published);
        var fromDb = Assert.Single(read.News);
        Assert.Equal(stored.Published, fromDb.Published);
        Assert.Equal(stored.FetchedAt, fromDb.FetchedAt);
        Assert.Equal(stored.Entities, fromDb.Entities);
        Assert.Equal((stored.Title, stored.Url, stored.CanonicalUrl, stored.Outlet, stored.IsBaseline, stored.TitleKey), (fromDb.Title, fromDb.Url, fromDb.CanonicalUrl, fromDb.Outlet, fromDb.IsBaseline, fromDb.TitleKey));
    }

    [Fact]
    public async Task SaveAsync_EmptyBatch_ReturnsNone()
    {
        var result = await Storage.Ingest.SaveAsync(IngestBatch.Empty("x"), Ct);

        Assert.Same(IngestResult.None, result);
    }

    [Fact]
    public async Task SaveAsync_CancelledToken_ThrowsAndWritesNothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 1)]), cts.Token));

        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM price_observations"));
    }

    [Fact]
    public async Task SaveAsync_TenThousandRows_OneTransaction()
    {
        var prices = Enumerable.Range(0, 10_000).Select(i => Make.Price("bench-series", T0.AddMinutes(-i), 100 + i)).ToList();

        var result = await Storage.Ingest.SaveAsync(Batch(prices), Ct);

        Assert.Equal(10_000, result.PricesWritten);
        Assert.Equal(10_000, await ScalarAsync<long>("SELECT count(*) FROM price_observations"));
    }
}
