namespace MonitorBot.Core.Detection;

/// <summary>The adaptive anomaly score of one point and what it is made of.</summary>
/// <param name="Score">1 − tail probability of the surprise in this series' own history, in [0, 1]: 0.99 = "about 1% of points here are this surprising". 0 while warming up.</param>
/// <param name="Surprise">Point surprise: |residual| in robust standard deviations, the smaller of two predictions (previous value + seasonal step; level + seasonal profile).</param>
/// <param name="WindowSurprise">Short-window surprise: the average point surprise of the last few points (≈ 5).</param>
/// <param name="PointTail">Share of the history (decayed, smoothed) whose point surprise was at least this large.</param>
/// <param name="WindowTail">Share of the history whose window surprise was at least this large.</param>
/// <param name="Residual">Signed residual of the chosen prediction (value units): its sign is the direction of the move.</param>
/// <param name="Seen">Points seen before this one.</param>
/// <param name="Profile">Seasonal profile in use: "none", "hour-of-day", "hour-of-week" or "day-of-week".</param>
/// <param name="Note">Why the score is 0, when it is (warming up).</param>
public sealed record AdaptivePoint(
    double Score,
    double Surprise,
    double WindowSurprise,
    double PointTail,
    double WindowTail,
    double Residual,
    int Seen,
    string Profile,
    string? Note);

/// <summary>
/// Adaptive anomaly scorer of one series, learned online in one pass with bounded memory (about 4.5 KB, whatever the
/// length of the series). For each point it predicts the value twice: the previous value plus the seasonal step, which
/// absorbs level shifts after one point and steady trends through a drift term; and a slow level plus the seasonal
/// profile, which does not follow one-point spikes. The point surprise is the smaller of the two residuals in robust
/// standard deviations (scale: exponentially weighted mean absolute deviation, winsorised), so a move must be
/// unusual against both to count. Where the cadence is intraday the profile is hour-of-week (a Monday-9:00 value is
/// compared with other Monday-9:00 values; hour-of-day until a slot has been seen twice), where it is daily the profile is
/// day-of-week, and slower series have none. The surprise and its short-window average are each calibrated against the
/// series' own decayed history (a 64-bin log histogram, smoothed towards the Chebyshev bound 1/z² so that a short
/// history cannot claim a one-in-a-million event), and the score is 1 − 2·min(tail probabilities), clamped to [0, 1].
/// </summary>
public sealed class AdaptiveAnomaly
{
    /// <summary>Bytes of state per series (arrays and fields), stated for the documentation.</summary>
    public const int StateBytes = ((2 * Bins) + (2 * WeekSlots) + (2 * DaySlots) + GapSamples) * sizeof(double) + 256;

    private const int Bins = 64;
    private const double BinsPerOctave = 8;
    private const int WeekSlots = 168;
    private const int DaySlots = 24;
    private const int GapSamples = 16;
    private const double MeanAbsToSigma = 1.2533;
    private const double LevelAlpha = 0.1;
    private const double ProfileAlpha = 0.2;
    private const double WindowAlpha = 0.3;
    private const double ScaleMemory = 300;
    private const double HistogramMemory = 2000;
    private const double PriorWeight = 10;
    private const double Winsor = 5;

    private readonly double _minSigmaFraction;
    private readonly int _warmup;
    private readonly double[] _pointHist = new double[Bins];
    private readonly double[] _windowHist = new double[Bins];
    private readonly double[] _weekProfile = new double[WeekSlots];
    private readonly double[] _weekCount = new double[WeekSlots];
    private readonly double[] _dayProfile = new double[DaySlots];
    private readonly double[] _dayCount = new double[DaySlots];
    private readonly double[] _gaps = new double[GapSamples];
    private double _histWeight;
    private int _n;
    private int _gapCount;
    private double _cadenceHours = double.NaN;
    private DateTimeOffset _prevTime;
    private double _prev;
    private double _prevSeasonal;
    private double _level;
    private double _levelDev;
    private double _levelMean;
    private double _rwDev;
    private double _drift;
    private double _window;

    /// <param name="warmupPoints">Points to learn from before the score is non-zero (at least 2).</param>
    /// <param name="minSigmaFraction">Floor of the robust scale as a fraction of the level (0.01 = 1%); 0 = only a tiny absolute floor.</param>
    public AdaptiveAnomaly(int warmupPoints = 20, double minSigmaFraction = 0)
    {
        _warmup = Math.Max(2, warmupPoints);
        _minSigmaFraction = Math.Max(0, double.IsFinite(minSigmaFraction) ? minSigmaFraction : 0);
    }

    /// <summary>Points seen so far.</summary>
    public int Seen => _n;

    /// <summary>Scores every point of a time-ordered series in one pass (non-finite values score 0 and are not learned).</summary>
    public static AdaptivePoint[] ScoreAll(IReadOnlyList<(DateTimeOffset Time, double Value)> points, int warmupPoints = 20, double minSigmaFraction = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        var detector = new AdaptiveAnomaly(warmupPoints, minSigmaFraction);
        var result = new AdaptivePoint[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            result[i] = detector.Update(points[i].Time, points[i].Value);
        }

        return result;
    }

    /// <summary>The score of the newest point, learned from at most <paramref name="historyPoints"/> points before it (bounded warm-up).</summary>
    public static AdaptivePoint ScoreLatest(IReadOnlyList<(DateTimeOffset Time, double Value)> points, int index, int historyPoints, int warmupPoints = 20, double minSigmaFraction = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, points.Count);
        var detector = new AdaptiveAnomaly(warmupPoints, minSigmaFraction);
        AdaptivePoint? last = null;
        for (var i = Math.Max(0, index - Math.Max(historyPoints, 1)); i <= index; i++)
        {
            last = detector.Update(points[i].Time, points[i].Value);
        }

        return last!;
    }

    /// <summary>Scores a point, then learns it. Points must come in time order (an older or equal time is scored as 0 and ignored).</summary>
    public AdaptivePoint Update(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value) || (_n > 0 && time <= _prevTime))
        {
            return new AdaptivePoint(0, 0, 0, 1, 1, 0, _n, ProfileName(), "value skipped (not finite, or not after the previous point)");
        }

        if (_n == 0)
        {
            _level = _prev = value;
            _prevTime = time;
            _n = 1;
            return new AdaptivePoint(0, 0, 0, 1, 1, 0, 0, ProfileName(), $"warming up (0/{_warmup} points)");
        }

        LearnCadence((time - _prevTime).TotalHours);
        var (week, day) = Slots(time);
        var seasonal = Seasonal(week, day);

        // Two predictions; the surprise is the smaller residual, so a move must be unusual against both.
        var floor = Math.Max(1e-12, _minSigmaFraction * Math.Abs(_level));
        var rwSigma = Math.Max(MeanAbsToSigma * _rwDev, floor);
        var levelSigma = Math.Max(MeanAbsToSigma * _levelDev, floor);
        var rwResidual = value - (_prev + seasonal - _prevSeasonal) - _drift;
        var levelResidual = value - (_level + seasonal) - _levelMean;
        var rwZ = Math.Abs(rwResidual) / rwSigma;
        var levelZ = Math.Abs(levelResidual) / levelSigma;
        var (z, residual) = rwZ <= levelZ ? (rwZ, rwResidual) : (levelZ, levelResidual);
        if (_n < 3)
        {
            z = 0; // no scale yet
        }

        var window = ((1 - WindowAlpha) * _window) + (WindowAlpha * z);
        var pointTail = Tail(_pointHist, z);
        var windowTail = Tail(_windowHist, window);
        var seen = _n;
        var score = seen < _warmup ? 0 : Math.Clamp(1 - (2 * Math.Min(pointTail, windowTail)), 0, 1);
        var note = seen < _warmup ? $"warming up ({seen}/{_warmup} points)" : null;

        // Learn.
        if (_n >= 3)
        {
            Add(_pointHist, z);
            Add(_windowHist, window);
            _histWeight = (_histWeight * (1 - (1 / HistogramMemory))) + 1;
        }

        _window = window;
        var scaleAlpha = Math.Max(1.0 / _n, 1 / ScaleMemory);
        var rwClip = Clip(rwResidual, rwSigma, _n);
        var levelClip = Clip(levelResidual, levelSigma, _n);
        var clipped = _level + seasonal + _levelMean + levelClip;
        _rwDev += scaleAlpha * (Math.Abs(rwClip) - _rwDev);
        _levelDev += scaleAlpha * (Math.Abs(levelClip) - _levelDev);
        _drift += 0.05 * rwClip;
        _levelMean += 0.02 * levelClip;

        // Holt–Winters style level and profile, fed with the winsorised value so a spike does not move them much.
        var deseasonal = clipped - seasonal;
        _level += LevelAlpha * (deseasonal - _level);
        UpdateProfile(week, day, clipped - _level);

        _prevSeasonal = Seasonal(week, day);
        _prev = value;
        _prevTime = time;
        _n++;
        return new AdaptivePoint(score, z, window, pointTail, windowTail, residual, seen, ProfileName(), note);
    }

    private static double Clip(double residual, double sigma, int n) =>
        n < 5 ? residual : Math.Clamp(residual, -Winsor * sigma, Winsor * sigma);

    private void LearnCadence(double gapHours)
    {
        if (_gapCount >= GapSamples || !(gapHours > 0))
        {
            return;
        }

        _gaps[_gapCount++] = gapHours;
        if (_gapCount == GapSamples)
        {
            var sorted = (double[])_gaps.Clone();
            Array.Sort(sorted);
            _cadenceHours = sorted[GapSamples / 2];
        }
    }

    /// <summary>The profile slots of a time: hour-of-week and hour-of-day for intraday series, day-of-week (in the week array) for daily ones.</summary>
    private (int Week, int Day) Slots(DateTimeOffset time)
    {
        if (double.IsNaN(_cadenceHours) || _cadenceHours > 36)
        {
            return (-1, -1);
        }

        var dow = (int)time.DayOfWeek;
        return _cadenceHours < 12 ? ((dow * 24) + time.Hour, time.Hour) : (dow, -1);
    }

    private double Seasonal(int week, int day)
    {
        if (week >= 0 && _weekCount[week] >= 2)
        {
            return _weekProfile[week];
        }

        return day >= 0 && _dayCount[day] >= 2 ? _dayProfile[day] : 0;
    }

    private void UpdateProfile(int week, int day, double deviation)
    {
        if (week >= 0)
        {
            _weekProfile[week] += Math.Max(ProfileAlpha, 1 / (_weekCount[week] + 1)) * (deviation - _weekProfile[week]);
            _weekCount[week]++;
        }

        if (day >= 0)
        {
            _dayProfile[day] += Math.Max(ProfileAlpha, 1 / (_dayCount[day] + 1)) * (deviation - _dayProfile[day]);
            _dayCount[day]++;
        }
    }

    private string ProfileName() =>
        double.IsNaN(_cadenceHours) || _cadenceHours > 36 ? "none" : _cadenceHours < 12 ? "hour-of-week" : "day-of-week";

    private static int Bin(double z) =>
        Math.Clamp((int)(Math.Log2(1 + z) * BinsPerOctave), 0, Bins - 1);

    private void Add(double[] hist, double z)
    {
        var decay = 1 - (1 / HistogramMemory);
        for (var i = 0; i < Bins; i++)
        {
            hist[i] *= decay;
        }

        hist[Bin(z)] += 1;
    }

    /// <summary>
    /// Smoothed tail probability of a surprise at least <paramref name="z"/>: the decayed share of the history at or above
    /// its bin (half of its own bin), mixed with <see cref="PriorWeight"/> pseudo-points that follow the Chebyshev bound.
    /// </summary>
    private double Tail(double[] hist, double z)
    {
        var bin = Bin(z);
        var above = 0.5 * hist[bin];
        for (var i = bin + 1; i < Bins; i++)
        {
            above += hist[i];
        }

        var prior = z <= 1 ? 1 : 1 / (z * z);
        return (above + (PriorWeight * prior)) / (_histWeight + PriorWeight);
    }
}
