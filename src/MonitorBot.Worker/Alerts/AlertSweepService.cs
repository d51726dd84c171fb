using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Alerts;

/// <summary>Runs <see cref="AlertEngine.SweepAsync"/> on an interval.</summary>
public sealed class AlertSweepService(AlertEngine engine, IOptionsMonitor<AlertRoutingOptions> options, TimeProvider time,
    ILogger<AlertSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.SweepInterval, time);
        do
        {
            // Alerts:SweepInterval may change at run time.
            if (timer.Period != options.CurrentValue.SweepInterval) timer.Period = options.CurrentValue.SweepInterval;
            try
            {
                await engine.SweepAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Unexpected(logger, ex, nameof(AlertSweepService));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
