using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// Keeps a minimum spacing between requests to the same host (<see cref="FeedsOptions.MinHostIntervals"/>),
/// e.g. GDELT asks for one request every 5 s. Singleton: shared by every fetcher instance.
/// </summary>
public sealed class HostThrottle(IOptionsMonitor<FeedsOptions> options, TimeProvider timeProvider)
{
    public HostThrottle(IOptions<FeedsOptions> options, TimeProvider timeProvider)
        : this(new FixedOptionsMonitor<FeedsOptions>(options.Value), timeProvider)
    {
    }

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits until a request to <paramref name="host"/> may be sent, and reserves that moment.</summary>
    public async Task WaitAsync(string host, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.MinHostIntervals.TryGetValue(host, out var interval) || interval <= TimeSpan.Zero) return;
        var slot = _slots.GetOrAdd(host, _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            if (slot.Next > now) await Task.Delay(slot.Next - now, timeProvider, cancellationToken);
            slot.Next = timeProvider.GetUtcNow() + interval;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset Next { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>An options monitor over one fixed value (callers that are given plain options).</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
