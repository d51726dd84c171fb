using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Alerts;

/// <summary>Runs <see cref="OutboxDelivery"/> whenever something is queued (<see cref="OutboxSignal"/>) or every Alerts:DispatchInterval.</summary>
public sealed class AlertDispatcher(
    OutboxDelivery delivery,
    IOptionsMonitor<AlertRoutingOptions> options,
    OutboxSignal signal,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    /// <inheritdoc cref="OutboxDelivery.MaxRejectedAttempts"/>
    public const int MaxRejectedAttempts = OutboxDelivery.MaxRejectedAttempts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.Unexpected(logger, ex, nameof(AlertDispatcher));
            }
            try
            {
                await signal.WaitAsync(options.CurrentValue.DispatchInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass: delivers every due message (oldest first). Returns how many were delivered.</summary>
    public Task<int> DispatchDueAsync(CancellationToken cancellationToken) => delivery.DeliverDueAsync(cancellationToken);
}
