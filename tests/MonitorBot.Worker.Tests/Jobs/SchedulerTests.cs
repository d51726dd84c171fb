using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Jobs;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Jobs;

public sealed class SchedulerTests
{
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (clock.Elapsed > timeout) return value;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Run_TwoSourcesOneAlwaysFailing_GoodSourceIngestsAndFailureIsRecorded()
    {
        var slowFailures = 0;
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/good.xml", () => Results.Text(Fixtures.Rss, "application/rss+xml"));
            app.MapGet("/bad", async () =>
            {
                Interlocked.Increment(ref slowFailures);
                await Task.Delay(300);
                return Results.StatusCode(503);
            });
        });
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(
            TestConfig.Source("bad", "rss", server.Url("/bad")),
            TestConfig.Source("good", "rss", server.Url("/good.xml"))));

        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();
        await host.StartAsync();
        try
        {
            var states = host.Services.GetRequiredService<IFeedStateStore>();
            var result = await WaitForAsync(
                () => states.ListAsync(CancellationToken.None),
                list => list.Any(s => s.SourceId == "good" && s.Status == FeedStatus.Ok) && list.Any(s => s.SourceId == "bad" && s.ConsecutiveFailures >= 1),
                TimeSpan.FromSeconds(20));

            var good = Assert.Single(result, s => s.SourceId == "good");
            Assert.Equal(FeedStatus.Ok, good.Status);
            Assert.True(good.BaselineDone);
            Assert.Equal(2, good.ItemsTotal);
            var bad = Assert.Single(result, s => s.SourceId == "bad");
            Assert.Equal(1, bad.ConsecutiveFailures);
            Assert.Contains("503", bad.LastError, StringComparison.Ordinal);
            Assert.NotNull(bad.NextRun);
            Assert.True(slowFailures >= 2, "the failing source was retried within its poll");

            var scheduled = host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources;
            Assert.Equal(["bad", "good"], scheduled.Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Run_FeedsDisabled_SchedulesNothing()
    {
        await using var server = await LocalServer.StartAsync(app => app.MapGet("/good.xml", () => Results.Text(Fixtures.Rss, "application/rss+xml")));
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("good", "rss", server.Url("/good.xml"))),
            root => root["Feeds"]!["Enabled"] = false);

        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();
        await host.StartAsync();
        await Task.Delay(500);
        await host.StopAsync();

        Assert.Empty(host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Stop_WhileAPollIsInFlight_StopsCleanlyAndWritesNothingHalf()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/slow.xml", async (HttpContext ctx) =>
            {
                started.TrySetResult();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    aborted.TrySetResult();
                    throw;
                }

                return Results.Text(Fixtures.Rss, "application/rss+xml");
            });
        });
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("slow", "rss", server.Url("/slow.xml"))),
            root => root["Feeds"]!["Timeout"] = "00:01:00");

        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();
        await host.StartAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Stopping abandons the fetch in flight: the server sees the request aborted (it would answer only after 30 s, the
        // feed timeout is a minute) and the host stops. The waits only guard against a hang; no elapsed time is asserted.
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var news = await host.Services.GetRequiredService<IStatusReader>().ReadAsync(
            new StatusQuery(DateTimeOffset.MaxValue.AddYears(-1), [], NewsDays: 100000), CancellationToken.None);
        Assert.Empty(news.News);
    }
}
