using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Feeds;
using MonitorBot.Application.Evaluation;
using MonitorBot.Application.Ingest;
using MonitorBot.Application.Queries;

namespace MonitorBot.Demo;

public sealed record DemoHighlight(string Series, string Text, double? From, DateTimeOffset? FromTime, double? To, DateTimeOffset? ToTime, double? ChangePct, string Source);

/// <summary>An alert the replay raised, as the team would have received it.</summary>
/// <param name="Severity">The episode's peak severity.</param>
/// <param name="SeverityAtEnd">The severity of the latest evaluation.</param>
/// <param name="Story">Each notified or state-changing step (fired, escalated, deescalated, resolved), oldest first.</param>
public sealed record DemoAlert(long Id, string Fingerprint, string Topic, string Severity, string Title, string Reason, string Source, DateTimeOffset FiredAt, string StatusAtEnd,
    string SeverityAtEnd, IReadOnlyList<DemoStep> Story);

/// <summary>One step of an alert's story: when, the decision's reason code and its text.</summary>
public sealed record DemoStep(DateTimeOffset At, string Code, string Text);

public sealed record DemoReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Days,
    int Sources,
    double ElapsedSeconds,
    int Prices,
    int TradeLines,
    int NewsItems,
    int RelevantNews,
    int FailedPolls,
    IReadOnlyList<DemoHighlight> Highlights,
    IReadOnlyList<DemoAlert> Alerts,
    SupplyStatus Status);

/// <summary>
/// Replays the bundled September 2024 – June 2025 history through the real adapters and the real ingest
/// pipeline (SourcePoller → SQLite → listeners), one simulated day at a time, then reads the status.
/// </summary>
public sealed class DemoRunner(IServiceProvider services, SimulatedClock clock)
{
    public static readonly DateTimeOffset ReplayStart = new(2024, 9, 16, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ReplayEnd = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> DataFiles { get; } =
        ["tb-oxide.csv", "dy-oxide.csv", "cn-mm-imports.json", "news-kachin-herald.xml", "news-mekong-wire.xml", "gdelt-kachin.json"];

    /// <summary>Writes the bundled files to <paramref name="directory"/> (they are fetched from there as file sources).</summary>
    public static async Task ExtractDataAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in DataFiles)
        {
            await using var resource = assembly.GetManifestResourceStream("demo/" + name)
                ?? throw new InvalidOperationException($"Demo data '{name}' is missing from the build.");
            await using var file = File.Create(Path.Combine(directory, name));
            await resource.CopyToAsync(file, cancellationToken);
        }
    }

    public static IReadOnlyList<FeedSourceOptions> Sources(string dataDirectory)
    {
        string P(string name) => Path.Combine(dataDirectory, name);
        var daily = TimeSpan.FromDays(1);
        return
        [
            new() { Id = "demo-tb-oxide", Kind = FeedKinds.Csv, Url = P("tb-oxide.csv"), Interval = daily, Series = SeriesIds.TerbiumOxide, Unit = "kg", Currency = "CNY", Basis = "China domestic, Tb4O7 ≥99.99%", Name = "Demo SMM-style Tb quote" },
            new() { Id = "demo-dy-oxide", Kind = FeedKinds.Csv, Url = P("dy-oxide.csv"), Interval = daily, Series = SeriesIds.DysprosiumOxide, Unit = "kg", Currency = "CNY", Basis = "China domestic, Dy2O3 ≥99.5%", Name = "Demo SMM-style Dy quote" },
            new() { Id = "demo-comtrade", Kind = FeedKinds.Comtrade, Url = P("cn-mm-imports.json"), Interval = daily, Name = "Demo customs data (Comtrade shape)" },
            new() { Id = "demo-kachin-herald", Kind = FeedKinds.Rss, Url = P("news-kachin-herald.xml"), Interval = daily, Name = "Kachin Herald (demo)" },
            new() { Id = "demo-mekong-wire", Kind = FeedKinds.Atom, Url = P("news-mekong-wire.xml"), Interval = daily, Name = "Mekong Metals Wire (demo)" },
            new() { Id = "demo-gdelt", Kind = FeedKinds.Gdelt, Url = P("gdelt-kachin.json"), Interval = daily, Name = "GDELT (demo)" },
        ];
    }

    public async Task<DemoReport> RunAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var poller = services.GetRequiredService<SourcePoller>();
        var engine = services.GetRequiredService<AlertEngine>();
        var sources = Sources(dataDirectory);
        var stopwatch = Stopwatch.StartNew();
        int prices = 0, trade = 0, news = 0, failed = 0, days = 0;
        for (var day = ReplayStart; day <= ReplayEnd; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Set(day);
            days++;
            foreach (var source in sources)
            {
                var outcome = await poller.PollAsync(source, cancellationToken, force: true);
                prices += outcome.Prices;
                trade += outcome.Trade;
                news += outcome.News;
                if (outcome.Status == PollStatus.Failed) failed++;
            }
            // The worker's periodic pass: reminders, news signals ageing out of their window.
            await engine.SweepAsync(day, cancellationToken);
        }
        stopwatch.Stop();
        await SealAsync(cancellationToken);

        var status = await services.GetRequiredService<StatusService>().GetAsync(ReplayEnd, cancellationToken);
        var highlights = await HighlightsAsync(cancellationToken);
        var relevant = await CountRelevantAsync(cancellationToken);
        var raised = await RaisedAlertsAsync(cancellationToken);
        return new DemoReport(ReplayStart, ReplayEnd, days, sources.Count, Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
            prices, trade, news, relevant, failed, highlights, raised, status);
    }

    /// <summary>
    /// The replay is history, not news: its notifications are retired and what still fires is acknowledged, so a worker
    /// later started on the demo database delivers nothing from it, reminders included; then the demo mark is checkpointed.
    /// </summary>
    private async Task SealAsync(CancellationToken cancellationToken)
    {
        var connections = services.GetRequiredService<Storage.SqliteConnectionFactory>();
        await DemoDatabase.RetireOutboxAsync(connections, clock.GetUtcNow(), cancellationToken);
        var store = services.GetRequiredService<IAlertStore>();
        foreach (var firing in (await store.ListActiveAsync(cancellationToken)).Where(a => a.State.IsFiring && !a.State.IsAcknowledged))
        {
            var acked = Core.Detection.AlertLifecycle.Ack(firing.State, "demo replay", clock.GetUtcNow());
            await store.ApplyAsync(acked, new Core.Detection.Decision(acked.Fingerprint, Core.Detection.ReasonCode.Acknowledged,
                "the demo replay ended: acknowledged so that a worker on this database sends no reminders of history", clock.GetUtcNow()), [], cancellationToken);
        }

        // The demo mark (DemoDatabase) lives in the file header, which the next demo reads as bytes: checkpoint it now.
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<DemoAlert>> RaisedAlertsAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IAlertStore>();
        var all = await store.ListAsync(new AlertListQuery(Limit: 500), cancellationToken);
        var raised = new List<DemoAlert>();
        foreach (var a in all.Where(a => a.State.FiredAt is not null).OrderBy(a => a.State.FiredAt))
        {
            // Why it fired, as decided then (the state's reason is the latest evaluation's).
            var decisions = await store.GetDecisionsAsync(a.State.Fingerprint, 1000, cancellationToken);
            var fired = decisions.LastOrDefault(d => d.Code == Core.Detection.ReasonCode.Fired)?.Text ?? a.State.Reason;
            var story = decisions.Reverse()
                .Where(d => d.Code is Core.Detection.ReasonCode.Fired or Core.Detection.ReasonCode.Escalated or Core.Detection.ReasonCode.Deescalated or Core.Detection.ReasonCode.Resolved)
                .OrderBy(d => d.At)
                .Select(d => new DemoStep(d.At, d.CodeName, d.Text))
                .ToList();
            raised.Add(new DemoAlert(a.Id, a.State.Fingerprint, a.State.Topic, a.State.Peak.ToString().ToLowerInvariant(), a.State.Title,
                fired, a.State.Source, a.State.FiredAt!.Value, a.State.Status.ToString().ToLowerInvariant(),
                a.State.Severity.ToString().ToLowerInvariant(), story));
        }
        return raised;
    }

    private async Task<int> CountRelevantAsync(CancellationToken cancellationToken)
    {
        var snapshot = await services.GetRequiredService<IStatusReader>().ReadAsync(
            new StatusQuery(ReplayEnd, [], NewsDays: (int)(ReplayEnd - ReplayStart).TotalDays + 1, NewsLimit: 1000), cancellationToken);
        return snapshot.News.Count;
    }

    /// <summary>The DOMAIN.md reference points, computed from what the replay stored (not restated).</summary>
    private async Task<IReadOnlyList<DemoHighlight>> HighlightsAsync(CancellationToken cancellationToken)
    {
        var history = services.GetRequiredService<IPriceHistory>();
        var list = new List<DemoHighlight>();
        var lateSeptember = new DateTimeOffset(2024, 9, 23, 0, 0, 0, TimeSpan.Zero);
        var smmQuote = new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero);
        foreach (var (series, name) in new[] { (SeriesIds.TerbiumOxide, "Terbium oxide"), (SeriesIds.DysprosiumOxide, "Dysprosium oxide") })
        {
            var points = await history.GetSeriesAsync(series, ReplayStart.AddDays(-7), ReplayEnd, cancellationToken);
            var from = points.FirstOrDefault(p => p.Time >= lateSeptember);
            var to = points.FirstOrDefault(p => p.Time >= smmQuote);
            if (from is null || to is null) continue;
            var change = (to.Value / from.Value - 1) * 100;
            list.Add(new DemoHighlight(series, $"{name}: {from.Value:#,0} {to.Currency}/{to.Unit} on {from.Time:yyyy-MM-dd} → {to.Value:#,0} on {to.Time:yyyy-MM-dd} ({change:+0.0;-0.0}%)",
                from.Value, from.Time, to.Value, to.Time, Math.Round(change, 1), to.Source));
        }
        var months = await history.GetTradeMonthsAsync(ReplayStart.AddYears(-2), ReplayEnd, cancellationToken);
        var february = months.FirstOrDefault(m => m.Period == "202502");
        var yearEarlier = months.FirstOrDefault(m => m.Period == "202402");
        if (february is not null && yearEarlier is not null && yearEarlier.NetWeightTonnes > 0)
        {
            var change = (february.NetWeightTonnes / yearEarlier.NetWeightTonnes - 1) * 100;
            list.Add(new DemoHighlight(SeriesIds.ChinaImportsFromMyanmar,
                $"China's imports from Myanmar, 2025-02: {february.NetWeightTonnes:#,0} t vs {yearEarlier.NetWeightTonnes:#,0} t in 2024-02 ({change:+0.0;-0.0}% y/y)",
                yearEarlier.NetWeightTonnes, TradePeriod.Start("202402"), february.NetWeightTonnes, TradePeriod.Start("202502"), Math.Round(change, 1), february.Source));
        }
        return list;
    }
}
