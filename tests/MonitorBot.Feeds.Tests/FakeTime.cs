using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MonitorBot.Feeds.Tests;

/// <summary>Fake time (Microsoft.Extensions.TimeProvider.Testing) for tests that used to measure wall-clock time.</summary>
internal static class FakeTime
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Registers <paramref name="time"/> as the services' <see cref="TimeProvider"/> (for <c>BuildServices(configure: ...)</c>).</summary>
    public static Action<IServiceCollection> Use(FakeTimeProvider time) => services => services.AddSingleton<TimeProvider>(time);

    /// <summary>
    /// Moves fake time on by <paramref name="step"/> (default 10 ms) while <paramref name="work"/> runs (the real server and
    /// sockets take real time, the fetcher's delays and timeouts take fake time); returns how much fake time passed.
    /// </summary>
    public static async Task<TimeSpan> DriveAsync(FakeTimeProvider time, Task work, TimeSpan? step = null)
    {
        var start = time.GetUtcNow();
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(2));
            if (!work.IsCompleted) time.Advance(step ?? TimeSpan.FromMilliseconds(10));
        }
        await work;
        return time.GetUtcNow() - start;
    }
}
