namespace MonitorBot.Discord.Gateway;

/// <summary>
/// Sliding-window limiter for gateway sends: 120 events per 60 s per connection (docs: Gateway, Rate Limiting;
/// exceeding it closes the connection with 4008). Ordinary sends stop short of the limit so heartbeats always fit.
/// </summary>
internal sealed class GatewaySendLimiter(int limitPerMinute, TimeProvider time)
{
    private const int HeartbeatReserve = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly object _gate = new();

    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        var limit = heartbeat ? limitPerMinute : Math.Max(1, limitPerMinute - HeartbeatReserve);
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= Window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < limit)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = _sent.Peek() + Window - now;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
