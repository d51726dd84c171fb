using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Feeds;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Hosting;
using MonitorBot.Application.Ingest;
using MonitorBot.Application.Queries;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Alerts;

/// <summary>Issue 8: every write is evaluated exactly once, whoever wrote it, across crashes and processes.</summary>
public sealed class EvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private sealed class RecordingDeliverer : IAlertDeliverer
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public bool CanDeliver(string destination) => destination == AlertRouter.Console;

        public Task<string?> DeliverAsync(OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult<string?>(null);
        }
    }

    private static IHost BuildHost(TempDirectory dir, TimeProvider time, bool worker = false, IAlertDeliverer? deliverer = null) =>
        MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = dir.Path,
            Quiet = true,
            Worker = worker,
            TimeProvider = time,
            ConfigureServices = deliverer is null ? null : s =>
            {
                s.RemoveAll<IAlertDeliverer>();
                s.AddSingleton(deliverer);
            },
        }).Build();

    private static PriceObservation Tb(DateTimeOffset at, double value) => new(SeriesIds.TerbiumOxide, at, value, "kg", "CNY", "manual", at);

    /// <summary>A +50% Tb move saved the way any writer saves it, and nothing else: the "killed before evaluating" case.</summary>
    private static async Task SaveJumpWithoutEvaluatingAsync(TempDirectory dir)
    {
        using var host = BuildHost(dir, new FakeTimeProvider(Now));
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        await host.Services.GetRequiredService<IIngestStore>().SaveAsync(
            new IngestBatch("manual", [Tb(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), 6000), Tb(new DateTimeOffset(2025, 3, 8, 0, 0, 0, TimeSpan.Zero), 9000)], [], []), Ct);
    }

    private static async Task<long> CountAsync(TempDirectory dir, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={TestConfig.DatabasePath(dir)};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task PriceAdd_NoWorkerRunning_RaisesTheRulesAlertOnceAndPrintsIt()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);

        var first = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "6000", "--at", "2025-03-01");
        var second = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "9000", "--at", "2025-03-08");
        var again = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "9000", "--at", "2025-03-08");

        Assert.Equal(0, first.ExitCode);
        Assert.DoesNotContain("ALERT", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("ALERT [CRITICAL] tb-oxide up 50% vs previous print", second.Out, StringComparison.Ordinal);
        Assert.Contains("+50.0% vs previous 6,000", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ALERT", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM outbox"));
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM alert_decisions WHERE code = 'fired'"));
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM alerts WHERE status = 'firing' AND fingerprint = 'price-oxide:tb-oxide'"));
    }

    [Fact]
    public async Task EvaluatePending_SavedButNeverEvaluated_FiresOnceOnRestart()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        await SaveJumpWithoutEvaluatingAsync(dir);

        using var restarted = BuildHost(dir, new FakeTimeProvider(Now));
        var engine = restarted.Services.GetRequiredService<AlertEngine>();
        var pass = await engine.EvaluatePendingAsync(Now, Ct);
        var next = await engine.EvaluatePendingAsync(Now.AddMinutes(1), Ct);

        var action = Assert.Single(pass.Actions);
        Assert.Equal(NotifyKind.Fired, action.Kind);
        Assert.Equal(AlertSeverity.Critical, action.Severity);
        Assert.Equal([SeriesIds.TerbiumOxide], pass.Series);
        Assert.Same(EvaluationPass.Nothing, next);
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task EvaluatePending_TwoEnginesOnOneDatabase_FireOnce()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        await SaveJumpWithoutEvaluatingAsync(dir);

        using var a = BuildHost(dir, new FakeTimeProvider(Now));
        using var b = BuildHost(dir, new FakeTimeProvider(Now));
        var passes = await Task.WhenAll(
            Task.Run(() => a.Services.GetRequiredService<AlertEngine>().EvaluatePendingAsync(Now, Ct)),
            Task.Run(() => b.Services.GetRequiredService<AlertEngine>().EvaluatePendingAsync(Now, Ct)));

        Assert.Equal(1, passes.Sum(p => p.Actions.Count));
        Assert.Equal(1, passes.Count(p => p.Writes > 0));
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM outbox"));
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM alert_decisions WHERE code = 'fired'"));
    }

    [Fact]
    public async Task Worker_StartedAfterAnUnevaluatedSave_CatchesUpAndDeliversOnce()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Alerts"] = new JsonObject { ["EvaluationInterval"] = "00:00:00.050", ["DispatchInterval"] = "00:00:00.050" });
        await SaveJumpWithoutEvaluatingAsync(dir);
        var deliverer = new RecordingDeliverer();

        using var host = BuildHost(dir, TimeProvider.System, worker: true, deliverer);
        await host.StartAsync(Ct);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (deliverer.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50, Ct);
            // Several more evaluation and dispatch ticks: nothing is evaluated or delivered twice.
            await Task.Delay(500, Ct);
        }
        finally
        {
            await host.StopAsync(Ct);
        }

        Assert.Equal(1, deliverer.Count);
        Assert.Equal(1, await CountAsync(dir, "SELECT count(*) FROM outbox"));
        Assert.Equal(0, await CountAsync(dir, "SELECT count(*) FROM ingest_log WHERE seq > (SELECT seq FROM evaluation_cursor WHERE name = 'alerts')"));
    }

    [Fact]
    public async Task Worker_ThresholdLoweredInTheFile_EvaluatesAgainAndFires()
    {
        using var dir = new TempDirectory();
        void Write(double warning) => TestConfig.Write(dir, [], root =>
        {
            root["Alerts"] = new JsonObject { ["EvaluationInterval"] = "00:00:00.050" };
            root["Detection"] = new JsonObject { ["Trade"] = new JsonObject { ["YoYDeclineWarningPct"] = warning } };
        });
        Write(50);
        var fetched = new DateTimeOffset(2025, 6, 20, 0, 0, 0, TimeSpan.Zero);
        using (var seed = BuildHost(dir, new FakeTimeProvider(Now)))
        {
            await seed.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
            // 2025-05 vs 2024-05: -45%, under the 50% warning line.
            await seed.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("comtrade", [],
                [new TradeFlow(156, 104, "2846", "202405", "M", 6_000_000, null, "comtrade", fetched), new TradeFlow(156, 104, "2846", "202505", "M", 3_300_000, null, "comtrade", fetched)], []), Ct);
        }

        using var host = BuildHost(dir, TimeProvider.System, worker: true, new RecordingDeliverer());
        await host.StartAsync(Ct);
        try
        {
            var store = host.Services.GetRequiredService<IAlertStore>();
            async Task<bool> FiringAsync() => (await store.GetAsync("trade-collapse:cn-mm-imports", Ct))?.State.IsFiring == true;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await store.GetEvaluationLagAsync(Ct) is var (cursor, head) && cursor < head && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50, Ct);
            Assert.False(await FiringAsync());

            Write(40); // an admin lowers the warning line: the worker evaluates every rule again, no new data needed
            while (!await FiringAsync() && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100, Ct);
            Assert.True(await FiringAsync());
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Status_EmptyDatabase_UnknownNotNormal()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        using (var host = BuildHost(dir, new FakeTimeProvider(Now)))
        {
            await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct); // a new, empty database (status never creates one)
        }

        var text = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "status");
        var json = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "status", "--json");

        Assert.Contains("Kachin heavy-rare-earth supply: UNKNOWN: no price data; no trade data; no news read yet; no source polled yet", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NORMAL", text.Out, StringComparison.Ordinal);
        var status = JsonNode.Parse(json.Out)!;
        Assert.Equal("unknown", status["level"]!.GetValue<string>());
        Assert.Equal(4, status["legs"]!.AsArray().Count(l => !l!["known"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task TradeQuery_MonthsOlderThanAYear_SameYearOnYearAsTheStatus()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var fetched = new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero);
        using var host = BuildHost(dir, new FakeTimeProvider(Now));
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        await host.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("comtrade",
            [], [new TradeFlow(156, 104, "2846", "202402", "M", 2_830_000, null, "comtrade", fetched), new TradeFlow(156, 104, "2846", "202502", "M", 311_000, null, "comtrade", fetched)], []), Ct);

        var lines = await host.Services.GetRequiredService<TradeQuery>().GetAsync(12, Ct);
        var status = await host.Services.GetRequiredService<StatusService>().GetAsync(Ct);

        var february = lines[0];
        Assert.Equal("202502", february.Period);
        Assert.Equal(-89.0, february.YoYPct!.Value, 1);
        Assert.Equal(february.YoYPct, status.Trade[0].YoYPct);
    }

    [Fact]
    public async Task Poll_HealthySourceOverASimulatedDay_PollsAtItsCadence()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        File.WriteAllText(dir.File("tb.csv"), "timestamp,value\n2025-03-01,6000\n");
        var interval = TimeSpan.FromMinutes(15);
        var source = new FeedSourceOptions { Id = "tb", Kind = "csv", Url = dir.File("tb.csv"), Interval = interval, Series = "tb-oxide", Unit = "kg", Currency = "CNY" };
        var time = new FakeTimeProvider(Now);
        using var host = BuildHost(dir, time);
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        var poller = host.Services.GetRequiredService<SourcePoller>();

        // The trigger fires every 15 min; each poll starts a few ms after its firing time (as Quartz runs it, 10-40 ms) so the
        // stored next run (fetch time + interval) can lie a few ms after the following firing: that must not skip it.
        var polls = 0;
        var day = TimeSpan.FromDays(1);
        var k = 0;
        for (var fire = Now; fire < Now + day; fire += interval)
        {
            time.SetUtcNow(fire + TimeSpan.FromMilliseconds(k++ % 2 == 0 ? 40 : 10));
            if ((await poller.PollAsync(source, Ct)).Status != PollStatus.Skipped) polls++;
        }

        Assert.InRange(polls, day / interval - 1, day / interval + 1);

        // After a restart (new trigger, stored next run in the future) the first firing polls.
        time.SetUtcNow(Now + day + TimeSpan.FromMinutes(3));
        Assert.NotEqual(PollStatus.Skipped, (await poller.PollAsync(source, Ct)).Status);
    }

    [Fact]
    public async Task Poll_FailureRecordRefusedByALockedDatabase_FailsWithoutThrowing()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Storage"]!["BusyTimeout"] = "00:00:00.100");
        var source = new FeedSourceOptions { Id = "gone", Kind = "csv", Url = dir.File("missing.csv"), Interval = TimeSpan.FromMinutes(15), Series = "tb-oxide" };
        using var host = BuildHost(dir, new FakeTimeProvider(Now));
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        var poller = host.Services.GetRequiredService<SourcePoller>();

        PollOutcome outcome;
        await using (var locker = new SqliteConnection($"Data Source={TestConfig.DatabasePath(dir)};Pooling=False"))
        {
            await locker.OpenAsync(Ct);
            await using var exclusive = locker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync(Ct);
            outcome = await poller.PollAsync(source, Ct);
        }

        Assert.Equal(PollStatus.Failed, outcome.Status);
        Assert.Contains("missing.csv", outcome.Error, StringComparison.Ordinal);
        var after = await poller.PollAsync(source, Ct, force: true); // the lock is gone: the failure is recorded
        Assert.Equal(1, after.State!.ConsecutiveFailures);
    }

    [Fact]
    public async Task Poll_FailingSource_BacksOffOnlyAfterFailures()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var interval = TimeSpan.FromMinutes(15);
        var source = new FeedSourceOptions { Id = "gone", Kind = "csv", Url = dir.File("missing.csv"), Interval = interval, Series = "tb-oxide" };
        var time = new FakeTimeProvider(Now);
        using var host = BuildHost(dir, time);
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        var poller = host.Services.GetRequiredService<SourcePoller>();

        var attempts = 0;
        for (var fire = Now; fire < Now + TimeSpan.FromHours(6); fire += interval)
        {
            time.SetUtcNow(fire);
            if ((await poller.PollAsync(source, Ct)).Status != PollStatus.Skipped) attempts++;
        }

        // 15 min, then 30, 60, 120, ...: far fewer attempts than the 24 firings, but more than one.
        Assert.InRange(attempts, 2, 8);
    }
}
