using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Worker.Status;

namespace MonitorBot.Worker.Alerts;

/// <summary>The status rules' view of the alert store: what is firing now.</summary>
public sealed class FiringAlertSource(IAlertStore alerts) : IFiringAlertSource
{
    public async Task<IReadOnlyList<AlertSummary>> GetFiringAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var active = await alerts.ListActiveAsync(cancellationToken);
        return active.Select(a => a.State.ToSummary()).OfType<AlertSummary>().Where(s => s.Since <= asOf).ToList();
    }
}

/// <summary>Runs <see cref="AlertEngine.SweepAsync"/> on an interval.</summary>
public sealed class AlertSweepService(AlertEngine engine, Microsoft.Extensions.Options.IOptionsMonitor<AlertRoutingOptions> options, TimeProvider time,
    Microsoft.Extensions.Logging.ILogger<AlertSweepService> logger) : Microsoft.Extensions.Hosting.BackgroundService
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
                Logging.Log.Unexpected(logger, ex, nameof(AlertSweepService));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
