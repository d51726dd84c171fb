using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Discord;
using MonitorBot.Feeds;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Health;

/// <summary>One line when the worker is ready: what runs, and how long start-up took since the process began.</summary>
public sealed class ReadyLogger(IHostApplicationLifetime lifetime, IOptionsMonitor<FeedsOptions> feeds, IOptionsMonitor<DiscordOptions> discord,
    TimeProvider time, ILogger<ReadyLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            using var process = Process.GetCurrentProcess();
            var elapsed = (long)(time.GetUtcNow() - process.StartTime.ToUniversalTime()).TotalMilliseconds;
            var sources = feeds.CurrentValue.Enabled ? feeds.CurrentValue.Sources.Count(s => s.Enabled) : 0;
            var mode = string.IsNullOrWhiteSpace(discord.CurrentValue.Token) ? "off (alerts to the console)" : "on";
            Log.Started(logger, sources, mode, elapsed);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
