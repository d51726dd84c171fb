using Microsoft.Extensions.Hosting;

namespace MonitorBot.Worker.Hosting;

/// <summary>
/// A hosted service that follows a stream of changes (configuration reloads, options changes) one change at a time:
/// <see cref="Gate"/> serialises the handling, <see cref="Stopping"/> cancels it at shutdown, and the subscription
/// ends with the service.
/// </summary>
public abstract class ChangeFollowingService : IHostedService, IDisposable
{
    private IDisposable? _subscription;
    private CancellationTokenSource? _stopping;

    protected SemaphoreSlim Gate { get; } = new(1, 1);

    protected CancellationToken Stopping => _stopping?.Token ?? CancellationToken.None;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _subscription = await SubscribeAsync(cancellationToken);
    }

    /// <summary>Takes the initial state and subscribes to changes; the subscription is disposed at stop.</summary>
    protected abstract Task<IDisposable?> SubscribeAsync(CancellationToken cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _stopping?.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>Completes when the change being handled, if any, is done (tests).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        Gate.Release();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _subscription?.Dispose();
        _stopping?.Dispose();
        Gate.Dispose();
    }
}
