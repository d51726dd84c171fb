using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Hosting;
using MonitorBot.Application.Ingest;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Alerts;

public sealed class AlertPipelineTests
{
    /// <summary>Records deliveries; fails the first <see cref="FailFirst"/> attempts.</summary>
    private sealed class RecordingDeliverer : IAlertDeliverer
    {
        public List<OutboxMessage> Delivered { get; } = [];
        public int FailFirst { get; set; }
        public bool Reject { get; set; }
        public int Attempts { get; private set; }

        public bool CanDeliver(string destination) => destination == AlertRouter.Console;

        public Task<string?> DeliverAsync(OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Reject) throw new DeliveryRejectedException("Missing Permissions");
            if (Attempts <= FailFirst) throw new HttpRequestException("destination unavailable");
            Delivered.Add(message);
            return Task.FromResult<string?>(null);
        }
    }

    private static IHost BuildHost(TempDirectory dir, FakeTimeProvider time, RecordingDeliverer deliverer) =>
        MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = dir.Path,
            Quiet = true,
            TimeProvider = time,
            ConfigureServices = s =>
            {
                s.RemoveAll<IAlertDeliverer>();
                s.AddSingleton<IAlertDeliverer>(deliverer);
            },
        }).Build();

    private static FeedSourceOptions PriceSource(TempDirectory dir) => new()
    {
        Id = "smm-tb", Kind = "csv", Url = dir.File("tb.csv"), Interval = TimeSpan.FromDays(1), Series = "tb-oxide", Unit = "kg", Currency = "CNY",
    };

    private static void WriteWeekly(TempDirectory dir, DateTimeOffset start, params double[] values)
    {
        var lines = values.Select((v, i) => $"{start.AddDays(7 * i):yyyy-MM-dd},{v}");
        File.WriteAllText(dir.File("tb.csv"), "timestamp,value\n" + string.Join("\n", lines) + "\n");
    }

    [Fact]
    public async Task Ingest_PriceJump_FiresOnceDeliversOnceAndSurvivesRestart()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var flat = Enumerable.Repeat(5600.0, 12).ToList();
        WriteWeekly(dir, start, [.. flat, 6700]); // +19.6% in a week: critical vs previous (15%)
        var time = new FakeTimeProvider(start.AddDays(7 * 12 + 1));
        var deliverer = new RecordingDeliverer();

        using (var host = BuildHost(dir, time, deliverer))
        {
            await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
            var poller = host.Services.GetRequiredService<SourcePoller>();
            var outcome = await poller.PollAsync(PriceSource(dir), CancellationToken.None);
            Assert.Equal(PollStatus.Polled, outcome.Status);

            var dispatcher = host.Services.GetRequiredService<AlertDispatcher>();
            Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
            Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

            // The same data again: already firing, nothing new.
            time.Advance(TimeSpan.FromHours(1));
            await poller.PollAsync(PriceSource(dir), CancellationToken.None, force: true);
            Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

            var alert = Assert.Single(await host.Services.GetRequiredService<IAlertStore>().ListActiveAsync(CancellationToken.None));
            Assert.Equal("price-oxide:tb-oxide", alert.State.Fingerprint);
            Assert.Equal(AlertStatus.Firing, alert.State.Status);
            Assert.Equal(Core.Model.AlertSeverity.Critical, alert.State.Severity);
            var decisions = await host.Services.GetRequiredService<IAlertStore>().GetDecisionsAsync(alert.State.Fingerprint, 10, CancellationToken.None);
            Assert.Contains(decisions, d => d.Code == ReasonCode.Fired);
        }

        var message = Assert.Single(deliverer.Delivered);
        Assert.Equal(NotifyKind.Fired, message.Kind);
        Assert.Contains("tb-oxide", message.Title, StringComparison.Ordinal);
        Assert.Equal("smm-tb", message.Source);

        // A restart on the same database: nothing is delivered twice.
        using (var again = BuildHost(dir, time, deliverer))
        {
            await again.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
            Assert.Equal(0, await again.Services.GetRequiredService<AlertDispatcher>().DispatchDueAsync(CancellationToken.None));
        }
        Assert.Single(deliverer.Delivered);
    }

    [Fact]
    public async Task Dispatch_DestinationDown_RetriesWithBackoffUntilAccepted()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        WriteWeekly(dir, start, [.. Enumerable.Repeat(5600.0, 12), 6700]);
        var time = new FakeTimeProvider(start.AddDays(7 * 12 + 1));
        var deliverer = new RecordingDeliverer { FailFirst = 2 };

        using var host = BuildHost(dir, time, deliverer);
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
        await host.Services.GetRequiredService<SourcePoller>().PollAsync(PriceSource(dir), CancellationToken.None);
        var dispatcher = host.Services.GetRequiredService<AlertDispatcher>();
        var outbox = host.Services.GetRequiredService<IOutbox>();

        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // attempt 1 fails
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // not due yet: backing off
        Assert.Equal(1, deliverer.Attempts);
        Assert.Equal(1, await outbox.CountPendingAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // attempt 2 fails
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None)); // attempt 3 succeeds

        Assert.Equal(3, deliverer.Attempts);
        Assert.Single(deliverer.Delivered);
        Assert.Equal(0, await outbox.CountPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_DestinationKeepsRefusing_GivenUpAfterBoundedAttemptsAndKept()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        WriteWeekly(dir, start, [.. Enumerable.Repeat(5600.0, 12), 6700]);
        var time = new FakeTimeProvider(start.AddDays(7 * 12 + 1));
        var deliverer = new RecordingDeliverer { Reject = true };

        using var host = BuildHost(dir, time, deliverer);
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
        await host.Services.GetRequiredService<SourcePoller>().PollAsync(PriceSource(dir), CancellationToken.None);
        var dispatcher = host.Services.GetRequiredService<AlertDispatcher>();
        var outbox = host.Services.GetRequiredService<IOutbox>();

        for (var i = 0; i < 20; i++)
        {
            await dispatcher.DispatchDueAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(11));
        }

        Assert.Equal(AlertDispatcher.MaxRejectedAttempts, deliverer.Attempts);
        Assert.Equal(0, await outbox.CountPendingAsync(CancellationToken.None));
        Assert.Empty(await outbox.GetDueAsync(time.GetUtcNow(), 10, CancellationToken.None));
        Assert.Empty(deliverer.Delivered);
    }

    [Fact]
    public async Task Ingest_FlatSeries_NoAlert()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        WriteWeekly(dir, start, [.. Enumerable.Repeat(1665.0, 20)]);
        var time = new FakeTimeProvider(start.AddDays(7 * 20));
        var deliverer = new RecordingDeliverer();

        using var host = BuildHost(dir, time, deliverer);
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
        await host.Services.GetRequiredService<SourcePoller>().PollAsync(PriceSource(dir), CancellationToken.None);

        Assert.Empty(await host.Services.GetRequiredService<IAlertStore>().ListAsync(new AlertListQuery(), CancellationToken.None));
        Assert.Equal(0, await host.Services.GetRequiredService<AlertDispatcher>().DispatchDueAsync(CancellationToken.None));
    }

    [Fact]
    public void ConsoleFormat_ContainsSeverityTitleReasonAndSource()
    {
        var line = ConsoleAlertDeliverer.Format(new OutboxMessage(7, 3, "trade-collapse:cn-mm-imports", NotifyKind.Fired, "console", null, "trade",
            Core.Model.AlertSeverity.Critical, "Imports collapse", "311 t, -89% y/y", "comtrade-cn-mm", new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero), 0,
            new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero), null, null, null));

        Assert.Equal("ALERT #3 [CRITICAL] [trade] Imports collapse — 311 t, -89% y/y (source comtrade-cn-mm, 2025-03-20 00:00 UTC)", line);
    }

    [Fact]
    public async Task Backtest_CsvJson_PrintsTheAlertsThatWouldHaveFired()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var values = Enumerable.Repeat(5600.0, 12).Concat([6700.0, 6750, 6800]).ToArray();
        var lines = values.Select((v, i) => $"{start.AddDays(7 * i):yyyy-MM-dd'T'HH:mm:ss'Z'},{v}");
        File.WriteAllText(dir.File("tb-oxide.csv"), "timestamp,value\n" + string.Join("\n", lines) + "\n");

        var alerts = await CliRunner.RunAsync(dir, null, "backtest", "--csv", dir.File("tb-oxide.csv"), "--json");
        var scores = await CliRunner.RunAsync(dir, null, "backtest", "--csv", dir.File("tb-oxide.csv"), "--scores", "--json");

        Assert.Equal(0, alerts.ExitCode);
        var fired = alerts.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var first = Assert.Single(fired);
        Assert.Equal("critical", first["severity"]!.GetValue<string>());
        Assert.Equal(6700, first["value"]!.GetValue<double>());
        Assert.Equal("2025-03-31T00:00:00+00:00", first["time"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(first["reason"]!.GetValue<string>()));

        var rows = scores.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(values.Length, rows.Count);
        Assert.All(rows, r => Assert.InRange(r["score"]!.GetValue<double>(), 0, 1));
        Assert.Equal(0, rows[5]["score"]!.GetValue<double>());
        Assert.Equal(1, rows[12]["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Backtest_StoredSeries_SameAlertsAsTheCsv()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var values = Enumerable.Repeat(5600.0, 12).Concat([6700.0]).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var added = await CliRunner.RunAsync(dir, new FakeTimeProvider(start.AddDays(200)), "price", "add", "tb-oxide",
                values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "--at", start.AddDays(7 * i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0, added.ExitCode);
        }

        var run = await CliRunner.RunAsync(dir, null, "backtest", "--db", TestConfig.DatabasePath(dir), "--series", "tb-oxide", "--json");
        var none = await CliRunner.RunAsync(dir, null, "backtest", "--db", TestConfig.DatabasePath(dir), "--series", "dy-oxide");

        Assert.Equal(0, run.ExitCode);
        var fired = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!));
        Assert.Equal(6700, fired["value"]!.GetValue<double>());
        Assert.Equal("critical", fired["severity"]!.GetValue<string>());
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no stored prints for series 'dy-oxide'", none.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[] { "backtest" }, "exactly one of --csv")]
    [InlineData(new string[] { "backtest", "--db", "x.db" }, "--db needs --series")]
    [InlineData(new string[] { "backtest", "--csv", "missing.csv" }, "file not found")]
    [InlineData(new string[] { "backtest", "--csv", "PLACEHOLDER", "--series", "copper" }, "no price rule for series 'copper'")]
    public async Task Backtest_BadArguments_ExitTwoWithReason(string[] args, string expected)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        File.WriteAllText(dir.File("p.csv"), "timestamp,value\n2025-01-01,1\n");
        var real = args.Select(a => a == "PLACEHOLDER" ? dir.File("p.csv") : a).ToArray();

        var run = await CliRunner.RunAsync(dir, null, real);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }
}
