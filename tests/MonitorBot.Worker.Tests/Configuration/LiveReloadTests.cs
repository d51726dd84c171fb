using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Detection;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Jobs;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Configuration;

public sealed class LiveReloadTests
{
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException("condition not met");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task EditingTheFile_ValidEditAppliesInvalidEditIsRefusedAndBothAreAudited()
    {
        using var dir = new TempDirectory();
        // Feeds off: nothing polls; the schedule still follows the config.
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "rss", "https://kachinnews.com/feed/", "00:30:00")), r => r["Feeds"]!["Enabled"] = true);
        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();
        await host.StartAsync();
        try
        {
            var detection = host.Services.GetRequiredService<IOptionsMonitor<DetectionOptions>>();
            var feeds = host.Services.GetRequiredService<IOptionsMonitor<FeedsOptions>>();
            var audit = host.Services.GetRequiredService<ConfigAuditRepository>();

            // A valid edit: a threshold and a new schedule, without a restart.
            TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "rss", "https://kachinnews.com/feed/", "00:20:00")), r =>
            {
                r["Detection"] = new JsonObject { ["Trade"] = new JsonObject { ["YoYDeclineCriticalPct"] = 75 } };
            });
            await WaitUntilAsync(() => Task.FromResult(detection.CurrentValue.Trade.YoYDeclineCriticalPct == 75));
            Assert.Equal(TimeSpan.FromMinutes(20), feeds.CurrentValue.Sources.Single().Interval);
            await WaitUntilAsync(async () => (await audit.ListAsync("Detection:Trade", 10, CancellationToken.None)).Count > 0);
            var applied = (await audit.ListAsync("Detection:Trade", 10, CancellationToken.None))[0];
            Assert.Equal(ConfigOrigins.File, applied.Origin);
            Assert.Equal("75", applied.NewValue);

            // An invalid edit: refused, the previous configuration stays in force.
            TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "podcast", "https://kachinnews.com/feed/", "00:20:00")), r =>
            {
                r["Detection"] = new JsonObject { ["Trade"] = new JsonObject { ["YoYDeclineCriticalPct"] = 60 } };
            });
            await WaitUntilAsync(async () => (await audit.ListAsync("Feeds:Sources:0:Kind", 10, CancellationToken.None)).Count > 0);
            var refused = (await audit.ListAsync("Feeds:Sources:0:Kind", 10, CancellationToken.None))[0];
            Assert.StartsWith("refused", refused.Note, StringComparison.Ordinal);
            Assert.Contains("podcast", refused.Note, StringComparison.Ordinal);
            Assert.Equal("rss", feeds.CurrentValue.Sources.Single().Kind);
            Assert.Equal(75, detection.CurrentValue.Trade.YoYDeclineCriticalPct); // the whole edit is refused, not just its bad part
            await WaitUntilAsync(() => Task.FromResult(host.Services.GetRequiredService<LastGoodOptionsMonitor<FeedsOptions>>().LastRefusal is not null));
            Assert.Contains("kng", host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources);

            // A broken file (half-written JSON): refused as a whole, every file value kept, even after another reload.
            File.WriteAllText(dir.File("monitorbot.json"), "{ \"Feeds\": { \"Sources\": [ ");
            await WaitUntilAsync(async () => (await audit.ListAsync("(file)", 10, CancellationToken.None)).Count > 0);
            var broken = (await audit.ListAsync("(file)", 10, CancellationToken.None))[0];
            Assert.Contains("not valid JSON", broken.Note, StringComparison.Ordinal);
            var configuration = host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
            Assert.Equal("kng", configuration["Feeds:Sources:0:Id"]);
            await host.Services.GetRequiredService<AdminConfigService>().SetAsync("Detection:News:BurstMinCount", "6", "admin", ConfigOrigins.Discord, CancellationToken.None);
            Assert.Equal("kng", configuration["Feeds:Sources:0:Id"]);
            Assert.Contains("kng", host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task EditingTheFile_InvalidEdit_RefusalLoggedOnce()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "rss", "https://kachinnews.com/feed/", "00:30:00")), r => r["Feeds"]!["Enabled"] = false);
        var logs = new ErrorLines();
        using var host = MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = dir.Path,
            Worker = true,
            Quiet = true,
            ConfigureServices = s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs),
        }).Build();
        await host.StartAsync();
        try
        {
            var audit = host.Services.GetRequiredService<ConfigAuditRepository>();
            TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "podcast", "https://kachinnews.com/feed/", "00:30:00")), r => r["Feeds"]!["Enabled"] = false);
            await WaitUntilAsync(async () => (await audit.ListAsync("Feeds:Sources:0:Kind", 10, CancellationToken.None)).Count > 0);
            await Task.Delay(500); // every options monitor has heard of the reload by now

            var refusals = logs.Lines.Where(l => l.Contains("refused", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(refusals);
            Assert.Contains("podcast", line, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Collects Error-level log lines.</summary>
    private sealed class ErrorLines : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _lines.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task CliConfigSet_WhileTheWorkerRuns_PickedUpWithoutARestart()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], r => r["Feeds"]!["Enabled"] = false);
        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();
        await host.StartAsync();
        try
        {
            var detection = host.Services.GetRequiredService<IOptionsMonitor<DetectionOptions>>();
            Assert.Equal(5, detection.CurrentValue.News.BurstMinCount);

            var run = await CliRunner.RunAsync(dir, null, "config", "set", "Detection:News:BurstMinCount", "9");

            Assert.Equal(0, run.ExitCode);
            await WaitUntilAsync(() => Task.FromResult(detection.CurrentValue.News.BurstMinCount == 9));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
