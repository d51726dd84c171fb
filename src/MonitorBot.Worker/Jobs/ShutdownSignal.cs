using Microsoft.Extensions.Hosting;

namespace MonitorBot.Worker.Jobs;

/// <summary>
/// Graceful shutdown for in-flight polls: when the host starts stopping, running polls get <see cref="Grace"/>
/// to finish, then their token is cancelled (each save is one transaction, so a cancelled poll writes nothing).
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenRegistration _registration;

    public ShutdownSignal(IHostApplicationLifetime lifetime, TimeProvider time)
    {
        _registration = lifetime.ApplicationStopping.Register(() =>
        {
            try { _cts.CancelAfter(Grace); }
            catch (ObjectDisposedException) { }
        });
        _ = time;
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _cts.Dispose();
    }
}
