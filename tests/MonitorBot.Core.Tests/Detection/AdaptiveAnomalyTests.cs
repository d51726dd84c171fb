using MonitorBot.Core.Detection;

namespace MonitorBot.Core.Tests.Detection;

/// <summary>The adaptive score on small synthetic series with known anomalies (seeded, so every run is the same).</summary>
public class AdaptiveAnomalyTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero); // a Monday

    /// <summary>Seeded normal noise (Box–Muller).</summary>
    private static double[] Noise(int seed, int count, double level, double sd)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = level + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    private static List<(DateTimeOffset Time, double Value)> Series(double[] values, TimeSpan step) =>
        [.. values.Select((v, i) => (Start + (step * i), v))];

    private static AdaptivePoint[] Score(double[] values, TimeSpan step) => AdaptiveAnomaly.ScoreAll(Series(values, step));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_SpikeInFiveMinuteNoise_FiresOnTheSpikeOnly(int seed)
    {
        var values = Noise(seed, 1500, 100, 1);
        values[1200] += 12;

        var scores = Score(values, TimeSpan.FromMinutes(5));

        Assert.True(scores[1200].Score >= 0.999, $"spike scored {scores[1200].Score}");
        Assert.True(scores[1200].Residual > 0);
        Assert.True(scores[1201].Score < 0.99, $"the return to normal scored {scores[1201].Score}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_LevelShift_FiresAtItsStartThenQuietOnceAbsorbed(int seed)
    {
        var values = Noise(seed, 1500, 100, 1);
        for (var i = 1000; i < values.Length; i++)
        {
            values[i] += 15;
        }

        var scores = Score(values, TimeSpan.FromMinutes(5));

        Assert.True(scores[1000].Score >= 0.999, $"start of the shift scored {scores[1000].Score}");
        Assert.All(scores.Skip(1100), s => Assert.True(s.Score < 0.999, $"absorbed shift scored {s.Score}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_SteadyTrend_StaysQuiet(int seed)
    {
        var values = Noise(seed, 1500, 100, 1).Select((v, i) => v + (0.05 * i)).ToArray();

        var scores = Score(values, TimeSpan.FromMinutes(5));

        Assert.All(scores.Skip(100), s => Assert.True(s.Score < 0.999, $"trend scored {s.Score}"));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 1000)]
    [InlineData(1, 0.001)]
    [InlineData(42, 1)]
    public void ScoreAll_PureNoise_AboutOnePercentAtOrAbove099WhateverTheScale(int seed, double scale)
    {
        var values = Noise(seed, 4000, 100 * scale, scale);

        var scores = Score(values, TimeSpan.FromMinutes(5)).Skip(500).ToArray();
        var share = scores.Count(s => s.Score >= 0.99) / (double)scores.Length;

        Assert.InRange(share, 0.001, 0.03);
    }

    [Fact]
    public void ScoreAll_SameSeriesAtAnotherScale_SameScores()
    {
        var values = Noise(3, 800, 50, 2);
        values[700] += 20;

        var a = Score(values, TimeSpan.FromHours(1));
        var b = Score([.. values.Select(v => v * 1000)], TimeSpan.FromHours(1));

        Assert.Equal(a[700].Score, b[700].Score, 6);
    }

    [Theory]
    [InlineData(9, false)] // Monday 9:00: the weekly bump it has learned
    [InlineData(33, true)] // Tuesday 9:00: the same bump where it never happens
    public void ScoreAll_HourlySeriesWithMondayNineBump_ComparesMondayNineWithOtherMondays(int hourOfWeek, bool expectAnomaly)
    {
        var values = Noise(5, 24 * 7 * 7, 100, 1);
        for (var week = 0; week < 6; week++)
        {
            values[(week * 168) + 9] += 10; // every Monday 9:00 of the first six weeks
        }

        var probe = (6 * 168) + hourOfWeek;
        values[probe] += 10;

        var scores = Score(values, TimeSpan.FromHours(1));

        Assert.Equal("hour-of-week", scores[probe].Profile);
        Assert.Equal(expectAnomaly, scores[probe].Score >= 0.99);
    }

    [Theory]
    [InlineData(7, "none")]
    [InlineData(1, "day-of-week")]
    [InlineData(1.0 / 12, "hour-of-week")]
    public void ScoreAll_Cadence_ChoosesTheProfile(double days, string profile)
    {
        var scores = Score(Noise(2, 60, 100, 1), TimeSpan.FromDays(days));

        Assert.Equal(profile, scores[^1].Profile);
    }

    [Fact]
    public void ScoreAll_WarmUp_ScoresZeroWithANote()
    {
        var scores = Score(Noise(2, 30, 100, 1), TimeSpan.FromDays(1));

        Assert.All(scores.Take(20), s => Assert.Equal(0, s.Score));
        Assert.StartsWith("warming up", scores[5].Note, StringComparison.Ordinal);
        Assert.Null(scores[25].Note);
    }

    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(7, 0.1)]
    [InlineData(42, 0.1)]
    [InlineData(1, 0.05)]
    [InlineData(42, 0.05)]
    public void ScoreAll_SlowSustainedDrift_FiresWithinSixtyPointsOfItsStart(int seed, double slopePerPoint)
    {
        // Each step of the drift is a tenth or a twentieth of the noise: no single point is unusual, the sum is.
        var values = Noise(seed, 1300, 100, 1);
        for (var i = 1000; i < values.Length; i++)
        {
            values[i] += slopePerPoint * (i - 1000);
        }

        var scores = Score(values, TimeSpan.FromMinutes(5));

        var first = Array.FindIndex(scores, 1000, s => s.Score >= 0.999);
        Assert.InRange(first, 1000, 1060);
        Assert.True(scores[first].Residual > 0, "the drift is upwards");
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(7, 20)]
    [InlineData(42, 5)]
    public void ScoreAll_IntradaySeasonalPattern_QuietOnceTheProfileIsLearned(int seed, double amplitude)
    {
        // Three weeks of 5-minute data with a daily cycle many times the noise (a taxi or CPU curve): the profile learns
        // it, so after the first week no point looks like a one-in-a-thousand event.
        var step = TimeSpan.FromMinutes(5);
        var values = Noise(seed, 3 * 7 * 288, 100, 1)
            .Select((v, i) => v + (amplitude * Math.Sin(2 * Math.PI * (Start + (step * i)).TimeOfDay.TotalHours / 24)))
            .ToArray();

        var scores = Score(values, step).Skip(7 * 288).ToArray();

        Assert.Equal("hour-of-week", scores[^1].Profile);
        var share = scores.Count(s => s.Score >= 0.999) / (double)scores.Length;
        Assert.True(share < 0.003, $"share at or above 0.999: {share:0.0000}");
    }

    [Theory]
    [InlineData(8, 20)]
    [InlineData(12, 40)]
    public void ScoreAll_SpikesBeyondEverythingSeen_LargerSpikeSmallerTail(double small, double large)
    {
        var a = Noise(9, 1500, 100, 1);
        var b = (double[])a.Clone();
        a[1200] += small;
        b[1200] += large;

        var pa = Score(a, TimeSpan.FromMinutes(5))[1200];
        var pb = Score(b, TimeSpan.FromMinutes(5))[1200];

        Assert.True(pa.Score >= 0.999 && pb.Score >= 0.999);
        Assert.True(pb.Tail < pa.Tail / 5, $"tails {pa.Tail:E2} and {pb.Tail:E2}");
    }

    [Fact]
    public void StateBytes_Bounded_UnderTenKilobytes()
    {
        Assert.InRange(AdaptiveAnomaly.StateBytes, 1, 10 * 1024);
    }

    [Fact]
    public void ScoreLatest_BoundedHistory_CloseToTheFullPass()
    {
        var values = Noise(11, 3000, 100, 1);
        values[2999] += 10;
        var series = Series(values, TimeSpan.FromMinutes(5));

        var full = AdaptiveAnomaly.ScoreAll(series)[2999];
        var bounded = AdaptiveAnomaly.ScoreLatest(series, 2999, 2000);

        Assert.True(full.Score >= 0.999);
        Assert.True(bounded.Score >= 0.999);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_CountSeriesTouchingZero_ZerosStayOrdinaryAndABurstFires(int seed)
    {
        // An occupancy or a count: small values, often exactly 0. Modelled in logs a 0 looked like a collapse of the
        // level; values are modelled as they are, so a 0 is one more ordinary low reading.
        var values = Noise(seed, 2000, 2, 1.5).Select(v => Math.Round(Math.Max(0, v), 2)).ToArray();
        values[1800] = 20;

        var scores = Score(values, TimeSpan.FromMinutes(5));

        var zeros = Enumerable.Range(300, 1500).Where(i => values[i] == 0).ToList();
        Assert.True(zeros.Count > 100, $"the fixture has zeros: {zeros.Count}");
        var loud = zeros.Count(i => scores[i].Score >= 0.999);
        Assert.True(loud <= 2, $"zeros at or above 0.999: {loud} of {zeros.Count}");
        Assert.True(scores[1800].Score >= 0.999, $"burst score {scores[1800].Score}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_ExcursionInTwoOrdinaryLookingSteps_FiresOnTheLongView(int seed)
    {
        // 100 ± 1, then 104 and 109: from the previous value the second step is not extreme, against the recent range it is.
        var values = Noise(seed, 1500, 100, 1);
        values[1200] = 104;
        values[1201] = 109;

        var scores = Score(values, TimeSpan.FromMinutes(5));

        Assert.True(scores[1201].Score >= 0.999, $"score {scores[1201].Score}");
        Assert.True(scores[1201].LongSurprise >= 4, $"long surprise {scores[1201].LongSurprise}");
        Assert.True(scores[1201].Residual > 0, "the excursion is upwards");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_MostlyZeroSeriesWithRoutineBursts_AnExceptionalBurstStandsOut(int seed)
    {
        // An idle disk: 0 nine times in ten, otherwise a write of 100-200 kB; once, 3 MB. The median |residual| is 0, so
        // without a floor every write is infinitely many scales away and the exceptional one looks like any other.
        var random = new Random(seed);
        var values = Enumerable.Range(0, 3000).Select(_ => random.NextDouble() < 0.1 ? Math.Round(1e5 * (1 + random.NextDouble())) : 0).ToArray();
        values[2500] = 3e6;

        var scores = Score(values, TimeSpan.FromMinutes(5));

        var routine = Enumerable.Range(1000, 2000).Where(i => values[i] > 0 && i != 2500).ToList();
        Assert.True(routine.Count > 150, $"the fixture has bursts: {routine.Count}");
        Assert.All(routine, i => Assert.True(scores[i].PointTail >= 1e-4, $"routine burst {i}: point tail {scores[i].PointTail}"));
        Assert.True(scores[2500].Score >= 0.999, $"exceptional burst score {scores[2500].Score}");
        Assert.True(scores[2500].Tail < routine.Min(i => scores[i].Tail) / 100, $"exceptional tail {scores[2500].Tail}, routine min {routine.Min(i => scores[i].Tail)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void ScoreAll_RareBurstsFarBeyondEverythingElse_TailNotBelowTheirShareOfHistory(int seed)
    {
        // 68 ± 10 with a burst of 1-2 M every 400 points: thousands of scales up, beyond the histogram's top bin. Once a few
        // have been seen, a burst is about as rare as its share of the history, not extrapolated to one in a billion.
        var random = new Random(seed);
        var values = Noise(seed, 4000, 68, 10);
        for (var i = 5; i < values.Length; i += 400)
        {
            values[i] = 1e6 * (1 + random.NextDouble());
        }

        var scores = Score(values, TimeSpan.FromMinutes(5));

        for (var i = 1205; i < values.Length; i += 400)
        {
            Assert.True(scores[i].PointTail >= 1e-4, $"burst {i}: point tail {scores[i].PointTail}");
            Assert.True(scores[i].Score >= 0.99, $"burst {i}: still unusual, score {scores[i].Score}");
        }
    }
}
