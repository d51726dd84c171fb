using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Application.Logging;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Timing;

namespace MonitorBot.Application.Evaluation;

/// <summary>
/// Delivers the persistent outbox: every due message goes to its destination; a failure is retried with
/// backoff until the destination accepts it; a delivered message is marked and never sent again, across
/// restarts. A resolution edits the original message where the destination supports it.
/// </summary>
public sealed class OutboxDelivery(
    IOutbox outbox,
    IEnumerable<IAlertDeliverer> deliverers,
    IOptionsMonitor<AlertRoutingOptions> options,
    TimeProvider time,
    ILogger<OutboxDelivery> logger) : IDisposable
{
    private readonly IReadOnlyList<IAlertDeliverer> _deliverers = deliverers.ToList();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A message the destination keeps refusing (permissions, unknown channel) is given up after this many attempts (about 20 minutes).</summary>
    public const int MaxRejectedAttempts = 8;

    /// <summary>The first retry of a failed delivery; it doubles per attempt up to Alerts:MaxRetryDelay.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>One pass: delivers every due message (oldest first). Returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var delivered = 0;
            var now = time.GetUtcNow();
            foreach (var message in await outbox.GetDueAsync(now, 100, cancellationToken))
            {
                var deliverer = _deliverers.FirstOrDefault(d => d.CanDeliver(message.Destination));
                try
                {
                    if (deliverer is null)
                        throw new InvalidOperationException($"no way to deliver to '{message.Destination}' (is the Discord token set?)");
                    string? original = null;
                    if (message.Kind == NotifyKind.Resolved)
                        original = await outbox.FindExternalIdAsync(message.AlertId, message.Destination, cancellationToken);
                    var externalId = await deliverer.DeliverAsync(message, original, cancellationToken);
                    await outbox.MarkDeliveredAsync(message.Id, externalId, time.GetUtcNow(), CancellationToken.None);
                    Log.Delivered(logger, message.Id, message.Destination);
                    delivered++;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (DeliveryRejectedException ex) when (message.Attempts + 1 >= MaxRejectedAttempts)
                {
                    await outbox.MarkAbandonedAsync(message.Id, ex.Message, time.GetUtcNow(), CancellationToken.None);
                    Log.DeliveryAbandoned(logger, message.Id, message.Destination, message.Attempts + 1, ex.Message);
                }
                catch (Exception ex)
                {
                    var attempt = message.Attempts + 1;
                    var delay = Backoff.Exponential(FirstRetryDelay, attempt, options.CurrentValue.MaxRetryDelay);
                    var next = time.GetUtcNow() + delay;
                    await outbox.MarkFailedAsync(message.Id, ex.Message, next, CancellationToken.None);
                    Log.DeliveryFailed(logger, message.Id, message.Destination, attempt, next, ex.Message);
                }
            }
            return delivered;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
