namespace MonitorBot.Application.Evaluation;

/// <summary>
/// Serialises every read-modify-write of alert state in this process (detectors after a poll, the periodic sweep,
/// admins' ack/mute from Discord or buttons), so an ack is never overwritten by a stale copy.
/// </summary>
public sealed class AlertWriteLock : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
