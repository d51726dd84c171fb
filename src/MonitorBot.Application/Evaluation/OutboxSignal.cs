namespace MonitorBot.Application.Evaluation;

/// <summary>Wakes the dispatcher when new outbox rows were written (it also polls on an interval).</summary>
public sealed class OutboxSignal(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>True when notified, false when <paramref name="timeout"/> passed first (on the injected clock, so fake time drives it in tests).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = _signal.WaitAsync(Timeout.Infinite, linked.Token);
        var elapsed = Task.Delay(timeout, time, linked.Token);
        var first = await Task.WhenAny(notified, elapsed);
        await linked.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (first == notified) return true;
        // Cancelled as the timeout won: the semaphore wait did not take the signal unless it completed meanwhile.
        try { return await notified; }
        catch (OperationCanceledException) { return false; }
    }

    public void Dispose() => _signal.Dispose();
}
