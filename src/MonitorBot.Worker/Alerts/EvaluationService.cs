using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Alerts;

/// <summary>
/// Keeps the alert engine caught up with what is persisted: at start it evaluates every rule once (writes left
/// unevaluated by a crash, and thresholds changed while it was down), then it checks the evaluation log every
/// <see cref="AlertRoutingOptions.EvaluationInterval"/> (one indexed read) and evaluates what another process wrote,
/// and it evaluates every rule again after a change of the detection thresholds.
/// </summary>
public sealed class EvaluationService(
    AlertEngine engine,
    IAlertStore alerts,
    IOptionsMonitor<AlertRoutingOptions> routing,
    IOptionsMonitor<DetectionOptions> detection,
    TimeProvider time,
    ILogger<EvaluationService> logger) : BackgroundService
{
    private int _thresholdsChanged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = detection.OnChange(_ => Interlocked.Exchange(ref _thresholdsChanged, 1));
        var everything = true;
        using var timer = new PeriodicTimer(routing.CurrentValue.EvaluationInterval, time);
        do
        {
            if (timer.Period != routing.CurrentValue.EvaluationInterval) timer.Period = routing.CurrentValue.EvaluationInterval;
            try
            {
                everything |= Interlocked.Exchange(ref _thresholdsChanged, 0) == 1;
                var (cursor, head) = everything ? (0L, 0L) : await alerts.GetEvaluationLagAsync(stoppingToken);
                if (everything || head > cursor)
                {
                    await engine.EvaluatePendingAsync(time.GetUtcNow(), stoppingToken, everything);
                }
                everything = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The log keeps what was not evaluated: the next tick tries again.
                Log.Unexpected(logger, ex, nameof(EvaluationService));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
