using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class PriceHistoryRepositoryTests : StorageTestBase
{
    [Fact]
    public async Task GetSeriesAsync_Range_OldestFirstOnePerTime()
    {
        await Storage.Ingest.SaveAsync(new IngestBatch("s", [
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-10), 6000),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-2), 6400, "smm", fetched: T0.AddDays(-2).AddHours(1)),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-2), 6410, "asianmetal", fetched: T0.AddDays(-2).AddHours(2)),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(1), 7000),
            Make.Price(SeriesIds.DysprosiumOxide, T0.AddDays(-1), 1665),
        ], [], []), Ct);

        var history = await Storage.PriceHistory.GetSeriesAsync(SeriesIds.TerbiumOxide, T0.AddDays(-5), T0, Ct);

        Assert.Equal([6410d, 6500d], history.Select(p => p.Value));
        Assert.All(history, p => Assert.Equal(SeriesIds.TerbiumOxide, p.SeriesId));
    }

    [Fact]
    public async Task ListSeriesAsync_SeveralSeries_CountsAndLatest()
    {
        await Storage.Ingest.SaveAsync(new IngestBatch("s", [
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-1), 6500),
            Make.Price(SeriesIds.TerbiumOxide, T0, 6550),
            new PriceObservation("remx", T0.AddDays(-3), 42.1, "USD/share", "USD", "yahoo", T0),
        ], [], []), Ct);

        var series = await Storage.PriceHistory.ListSeriesAsync(Ct);

        Assert.Equal(
            [new SeriesInfo("remx", 1, T0.AddDays(-3), "USD/share", "USD"), new SeriesInfo(SeriesIds.TerbiumOxide, 2, T0, "CNY/kg", "CNY")],
            series);
    }

    [Fact]
    public async Task GetTradeMonthsAsync_Range_OldestFirstMonthsStartingInRange()
    {
        await Storage.Ingest.SaveAsync(new IngestBatch("c", [], [
            Make.Trade("202412", "2846", 1_000),
            Make.Trade("202501", "2846", 2_000),
            Make.Trade("202502", "2846", 3_000),
            Make.Trade("202503", "2846", 4_000),
        ], []), Ct);

        var months = await Storage.PriceHistory.GetTradeMonthsAsync(
            new DateTimeOffset(2024, 12, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), Ct);

        Assert.Equal([("202501", 2d), ("202502", 3d)], months.Select(m => (m.Period, m.NetWeightTonnes)));
    }

    [Fact]
    public async Task GetSeriesAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.PriceHistory.GetSeriesAsync(SeriesIds.TerbiumOxide, T0.AddDays(-1), T0, cts.Token));
    }
}
