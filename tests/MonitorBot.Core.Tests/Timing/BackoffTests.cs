using MonitorBot.Core.Timing;

namespace MonitorBot.Core.Tests.Timing;

public sealed class BackoffTests
{
    [Theory]
    // initial ms, attempt, max ms, jitter, sample, expected ms
    [InlineData(1000, 1, 60_000, 0, 0, 1000)]
    [InlineData(1000, 2, 60_000, 0, 0, 2000)]
    [InlineData(1000, 3, 60_000, 0, 0, 4000)]
    [InlineData(1000, 0, 60_000, 0, 0, 1000)] // below 1 counts as 1
    [InlineData(1000, -5, 60_000, 0, 0, 1000)]
    [InlineData(1000, 7, 60_000, 0, 0, 60_000)] // 64 s capped
    [InlineData(1000, 1000, 60_000, 0, 0, 60_000)] // huge attempt: capped, no overflow
    [InlineData(1000, 1, 60_000, 0.5, 0.5, 1250)] // jitter grows
    [InlineData(1000, 1, 60_000, 0.5, 1, 1500)]
    [InlineData(1000, 1, 60_000, -0.5, 1, 500)] // negative jitter shrinks
    [InlineData(1000, 1, 60_000, 0.5, 7, 1500)] // sample clamped to 1
    [InlineData(1000, 6, 60_000, 0.5, 1, 48_000)]
    [InlineData(1000, 7, 60_000, 0.5, 1, 60_000)] // cap after the jitter
    [InlineData(0, 3, 60_000, 0.5, 1, 0)]
    [InlineData(-1000, 3, 60_000, 0, 0, 0)]
    [InlineData(1000, 3, 0, 0, 0, 0)]
    public void Exponential_Table_GivesCappedDelay(int initialMs, int attempt, int maxMs, double jitter, double sample, int expectedMs)
    {
        var delay = Backoff.Exponential(TimeSpan.FromMilliseconds(initialMs), attempt, TimeSpan.FromMilliseconds(maxMs), jitter, sample);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void Exponential_DayIntervalManyFailures_CapsWithoutOverflow()
    {
        var delay = Backoff.Exponential(TimeSpan.FromDays(1), 40, TimeSpan.FromDays(7));

        Assert.Equal(TimeSpan.FromDays(7), delay);
    }

    [Theory]
    [InlineData("gdelt", 1)]
    [InlineData("gdelt", 2)]
    [InlineData("", 1)]
    [InlineData("a-much-longer-source-id", 9)]
    public void DeterministicSample_SameInputs_SameValueInUnitRange(string key, int attempt)
    {
        var first = Backoff.DeterministicSample(key, attempt);
        var second = Backoff.DeterministicSample(key, attempt);

        Assert.Equal(first, second);
        Assert.InRange(first, 0, 0.999_999_99);
    }

    [Fact]
    public void DeterministicSample_DifferentKeys_Spread()
    {
        var samples = Enumerable.Range(0, 50).Select(i => Backoff.DeterministicSample($"source-{i}", 1)).ToHashSet();

        Assert.True(samples.Count > 45, $"only {samples.Count} distinct samples");
    }
}
