namespace MonitorBot.Core.Timing;

/// <summary>
/// The one exponential backoff formula: <c>min(max, initial · 2^(attempt-1) · (1 + jitter · sample))</c>, never negative.
/// Pure: the jitter sample is passed in (a fixed value for deterministic delays, <see cref="Random.NextDouble"/> for random
/// ones, or <see cref="DeterministicSample"/> for a stable spread per key).
/// </summary>
public static class Backoff
{
    /// <summary>The largest exponent used: 2^40 times any positive initial delay is past every cap we use.</summary>
    public const int MaxExponent = 40;

    /// <summary>
    /// The delay before retry <paramref name="attempt"/> (1 = the first retry gets <paramref name="initial"/>).
    /// </summary>
    /// <param name="initial">Delay of the first attempt; zero or negative gives zero (never more than <paramref name="max"/>).</param>
    /// <param name="attempt">1-based; values below 1 count as 1.</param>
    /// <param name="max">Cap applied after the jitter.</param>
    /// <param name="jitter">Spread of the jitter as a fraction of the delay: 0.5 gives [1, 1.5) × the delay for samples in [0, 1);
    /// a negative value shrinks instead (-0.5 gives (0.5, 1] ×). 0 = no jitter.</param>
    /// <param name="sample">The jitter sample in [0, 1] (clamped).</param>
    public static TimeSpan Exponential(TimeSpan initial, int attempt, TimeSpan max, double jitter = 0, double sample = 0)
    {
        if (max <= TimeSpan.Zero || initial <= TimeSpan.Zero) return TimeSpan.Zero;
        var exponent = Math.Clamp(attempt - 1, 0, MaxExponent);
        var factor = 1 + (jitter * Math.Clamp(double.IsNaN(sample) ? 0 : sample, 0, 1));
        var ticks = initial.Ticks * Math.Pow(2, exponent) * Math.Max(0, factor);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A stable sample in [0, 1) for <paramref name="key"/> and <paramref name="attempt"/> (the same inputs give the
    /// same value in every process), to spread many retries of different keys without a random source.</summary>
    public static double DeterministicSample(string key, int attempt)
    {
        ArgumentNullException.ThrowIfNull(key);
        // FNV-1a over the key's chars and the attempt: string.GetHashCode is randomised per process.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        hash = (hash ^ (uint)attempt) * 16777619u;
        hash ^= hash >> 15;
        return (hash & 0xFFFFFF) / (double)0x1000000;
    }
}
