using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

/// <summary>Issue 8: every write logs what the alert engine must evaluate, in its own transaction; the engine's write session
/// reads the backlog, holds the write lock, and moves its cursor with its decisions.</summary>
public sealed class EvaluationLogTests : StorageTestBase
{
    private static IngestBatch Batch(IReadOnlyList<PriceObservation>? prices = null, IReadOnlyList<TradeFlow>? trade = null, IReadOnlyList<NewsItem>? news = null) =>
        new("test-source", prices ?? [], trade ?? [], news ?? []);

    private static AlertState Firing(string fingerprint) => new(
        fingerprint, "price-oxide", AlertTopics.Price, AlertStatus.Firing, AlertSeverity.Warning, "tb-oxide up", "+9%", "smm",
        T0, T0, T0, T0, null, null, null, null, null, null, 1, 1);

    private async Task<EvaluationBacklog> BacklogAsync()
    {
        await using var session = await Storage.Alerts.BeginWriteAsync(Ct);
        return await session.ReadBacklogAsync(Ct);
    }

    [Fact]
    public async Task SaveAsync_PricesTradeAndNews_LogsEachChangedSeriesAndRelevantNews()
    {
        await Storage.Ingest.SaveAsync(Batch(
            [Make.Price(SeriesIds.TerbiumOxide, T0, 6550), Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-7), 6300), Make.Price(SeriesIds.DysprosiumOxide, T0, 1665)],
            [Make.Trade("202502", "2846", 311_000)],
            [Make.News("a", T0), Make.News("b", T0, relevance: 0.05), Make.News("c", T0) with { IsBaseline = true }]), Ct);

        var backlog = await BacklogAsync();

        Assert.Equal([SeriesIds.ChinaImportsFromMyanmar, SeriesIds.DysprosiumOxide, SeriesIds.TerbiumOxide], backlog.Series);
        Assert.Equal(1, backlog.RelevantNews); // the irrelevant and the baseline item do not call for an evaluation
        Assert.Equal(4, backlog.Writes);
        Assert.Equal(0, backlog.Cursor);
        Assert.False(backlog.IsEmpty);
    }

    [Fact]
    public async Task SaveAsync_UnchangedOrIrrelevant_LogsNothing()
    {
        var batch = Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550)]);
        await Storage.Ingest.SaveAsync(batch, Ct);
        var (_, head) = await Storage.Alerts.GetEvaluationLagAsync(Ct);

        await Storage.Ingest.SaveAsync(batch, Ct);
        await Storage.Ingest.SaveAsync(Batch(news: [Make.News("x", T0, relevance: 0.01)]), Ct);

        Assert.Equal(head, (await Storage.Alerts.GetEvaluationLagAsync(Ct)).Head);
    }

    [Fact]
    public async Task AdvanceCursor_Committed_BacklogEmptyUntilTheNextWrite()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550)]), Ct);
        await using (var session = await Storage.Alerts.BeginWriteAsync(Ct))
        {
            var backlog = await session.ReadBacklogAsync(Ct);
            await session.AdvanceCursorAsync(backlog.Head, T0, Ct);
            await session.CommitAsync(Ct);
        }

        Assert.True((await BacklogAsync()).IsEmpty);
        var (cursor, head) = await Storage.Alerts.GetEvaluationLagAsync(Ct);
        Assert.Equal(cursor, head);

        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.DysprosiumOxide, T0, 1665)]), Ct);
        Assert.Equal([SeriesIds.DysprosiumOxide], (await BacklogAsync()).Series);
    }

    [Fact]
    public async Task Session_DisposedWithoutCommit_RollsBackDecisionsOutboxAndCursor()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550)]), Ct);
        await using (var session = await Storage.Alerts.BeginWriteAsync(Ct))
        {
            var backlog = await session.ReadBacklogAsync(Ct);
            var state = Firing("price-oxide:tb-oxide");
            await session.ApplyAsync(state, new Decision(state.Fingerprint, ReasonCode.Fired, "fired", T0),
                [new OutboxEntry(NotifyKind.Fired, "console", null, AlertTopics.Price, AlertSeverity.Warning, "t", "r", "smm", T0)], Ct);
            await session.AdvanceCursorAsync(backlog.Head, T0, Ct);
            // A crash here: no commit.
        }

        Assert.Null(await Storage.Alerts.GetAsync("price-oxide:tb-oxide", Ct));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM outbox"));
        Assert.Equal([SeriesIds.TerbiumOxide], (await BacklogAsync()).Series);
    }

    [Fact]
    public async Task BeginWrite_SecondSession_WaitsForTheFirstAndSeesItsCursor()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550)]), Ct);
        var first = await Storage.Alerts.BeginWriteAsync(Ct);
        var firstBacklog = await first.ReadBacklogAsync(Ct);

        // The second session asks for the write lock while the first holds it: it gets it only after the commit.
        var second = Task.Run(async () =>
        {
            await using var session = await Storage.Alerts.BeginWriteAsync(Ct);
            return await session.ReadBacklogAsync(Ct);
        });
        await first.AdvanceCursorAsync(firstBacklog.Head, T0, Ct);
        await first.CommitAsync(Ct);
        await first.DisposeAsync();

        var seen = await second;
        Assert.True(seen.IsEmpty);
        Assert.Equal(firstBacklog.Head, seen.Cursor);
    }

    [Fact]
    public async Task AdvanceCursor_OldConsumedRows_PrunedButNewestKept()
    {
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0, 6550, fetched: T0)]), Ct);
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.DysprosiumOxide, T0, 1665, fetched: T0)]), Ct);
        var (_, head) = await Storage.Alerts.GetEvaluationLagAsync(Ct);

        await using (var session = await Storage.Alerts.BeginWriteAsync(Ct))
        {
            await session.AdvanceCursorAsync(head, T0.AddDays(30), Ct);
            await session.CommitAsync(Ct);
        }

        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM ingest_log"));
        Assert.Equal(head, await ScalarAsync<long>("SELECT max(seq) FROM ingest_log"));
        await Storage.Ingest.SaveAsync(Batch([Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(1), 6600)]), Ct);
        Assert.Equal(head + 1, (await Storage.Alerts.GetEvaluationLagAsync(Ct)).Head); // never a reused seq
    }

    [Fact]
    public async Task GetSeriesTail_OldQuotes_AnchoredOnTheSeriesNotTheClock()
    {
        await Storage.Ingest.SaveAsync(Batch(
        [
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-500), 5000),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-30), 6000),
            Make.Price(SeriesIds.TerbiumOxide, T0.AddDays(-23), 9000),
        ]), Ct);

        var tail = await Storage.PriceHistory.GetSeriesTailAsync(SeriesIds.TerbiumOxide, T0.AddDays(600), TimeSpan.FromDays(100), Ct);

        Assert.Equal([6000.0, 9000.0], tail.Select(p => p.Value));
    }

    [Fact]
    public async Task GetLatestTradeMonths_MonthsOlderThanAYear_NewestCountOldestFirst()
    {
        await Storage.Ingest.SaveAsync(Batch(trade:
        [
            Make.Trade("202302", "2846", 2_830_000), Make.Trade("202401", "2846", 3_852_000), Make.Trade("202402", "2846", 311_000),
        ]), Ct);

        var months = await Storage.PriceHistory.GetLatestTradeMonthsAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), 2, Ct);

        Assert.Equal(["202401", "202402"], months.Select(m => m.Period));
    }
}

/// <summary>Issue 10: delivery attempts and abandonment are visible per alert.</summary>
public sealed class DeliverySummaryTests : StorageTestBase
{
    [Fact]
    public async Task GetDelivery_DeliveredPendingAndGivenUp_CountedPerAlertWithTheLastError()
    {
        var state = new AlertState("price-oxide:tb-oxide", "price-oxide", AlertTopics.Price, AlertStatus.Firing, AlertSeverity.Critical, "t", "r", "smm",
            T0, T0, T0, T0, null, null, null, null, null, null, 1, 1);
        OutboxEntry Entry(string destination) => new(NotifyKind.Fired, destination, null, AlertTopics.Price, AlertSeverity.Critical, "t", "r", "smm", T0);
        var stored = await Storage.Alerts.ApplyAsync(state, new Decision(state.Fingerprint, ReasonCode.Fired, "fired", T0),
            [Entry("console"), Entry("discord:1"), Entry("discord:2")], Ct);
        var due = await Storage.Alerts.GetDueAsync(T0, 10, Ct);
        await Storage.Alerts.MarkDeliveredAsync(due[0].Id, null, T0, Ct);
        await Storage.Alerts.MarkFailedAsync(due[1].Id, "HTTP 503", T0.AddMinutes(1), Ct);
        await Storage.Alerts.MarkFailedAsync(due[1].Id, "HTTP 503 again", T0.AddMinutes(2), Ct);
        await Storage.Alerts.MarkAbandonedAsync(due[2].Id, "Missing Permissions", T0, Ct);

        var summary = (await Storage.Alerts.GetDeliveryAsync([stored!.Id, 999], Ct))[stored.Id];

        Assert.Equal(new DeliverySummary(1, 1, 1, 2, "HTTP 503 again", "Missing Permissions"), summary);
        Assert.Equal("1 delivered, 1 pending (2 attempt(s), last: HTTP 503 again), 1 given up: Missing Permissions", summary.Describe());
    }
}
