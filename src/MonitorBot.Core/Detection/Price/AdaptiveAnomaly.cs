namespace MonitorBot.Core.Detection;

/// <summary>The adaptive anomaly score of one point and what it is made of.</summary>
/// <param name="Score">1 − tail probability of the surprise in this series' own history, in [0, 1]: 0.99 = "about 1% of points here are this surprising". 0 while warming up.</param>
/// <param name="Surprise">Point surprise: |residual| in robust standard deviations, the smaller of two predictions (previous value + seasonal step; level + seasonal profile).</param>
/// <param name="WindowSurprise">Short-window surprise: the recent average (≈ 10 points) of the signed residual against the level, in robust standard deviations (absolute value).</param>
/// <param name="PointTail">Share of the history (decayed, smoothed) whose point surprise was at least this large.</param>
/// <param name="WindowTail">Share of the history whose window surprise was at least this large.</param>
/// <param name="Residual">Signed residual of the chosen prediction (value units): its sign is the direction of the move.</param>
/// <param name="Seen">Points seen before this one.</param>
/// <param name="Profile">Seasonal profile in use: "none", "hour-of-day", "hour-of-week" or "day-of-week".</param>
/// <param name="Note">Why the score is 0, when it is (warming up).</param>
/// <param name="Tail">The combined tail probability (Score = 1 − Tail), at full precision where the score rounds to 1.</param>
/// <param name="LongSurprise">Long-window surprise: |residual| against the slow level (≈ 100 points), in robust standard deviations, capped at 5.</param>
/// <param name="LongTail">Share of the history whose long surprise was at least this large.</param>
public sealed record AdaptivePoint(
    double Score,
    double Surprise,
    double WindowSurprise,
    double PointTail,
    double WindowTail,
    double Residual,
    int Seen,
    string Profile,
    string? Note,
    double Tail = 1,
    double LongSurprise = 0,
    double LongTail = 1);

/// <summary>
/// Adaptive anomaly scorer of one series, learned online in one pass with bounded memory (<see cref="StateBytes"/>, about
/// 8 KB, whatever the length of the series). For each point it predicts the value twice: the previous value plus the
/// seasonal step, which absorbs level shifts after one point and steady trends through a drift term; and a level plus the
/// seasonal profile, which does not follow one-point spikes. Four surprises, in robust standard deviations (scale: an
/// online median of |residual|, so the spikes it must find do not inflate it, floored at half the recent mean |residual| so a
/// series that is mostly flat, an idle disk or a count that is usually 0, still has a scale its bursts are measured in):
/// <list type="bullet">
/// <item><b>point</b>: the smaller of the two residuals, so a move must be unusual against both (a spike, a jump);</item>
/// <item><b>window</b>: the recent average (≈ 10 points) of the signed residual against the level, so a run of ordinary
/// steps in one direction counts (a shift in progress); it fades as the level absorbs the shift;</item>
/// <item><b>long</b>: the residual against a slow level (≈ 100 points), capped at 5 robust standard deviations, so a
/// value far outside the series' recent range still shows when each step to it looked ordinary;</item>
/// <item><b>drift</b>: the recent average (≈ 10 points) of that slow residual, so a slow sustained drift that the fast
/// level follows still shows; a steady trend keeps it at a constant offset, which the calibration learns as normal.</item>
/// </list>
/// Where the cadence is intraday the profile is hour-of-week (a Monday-9:00 value is compared with other Monday-9:00
/// values; hour-of-day until a slot has been seen twice), where it is daily the profile is day-of-week, and slower series
/// have none. Each surprise is calibrated against the series' own decayed history (a 64-bin log histogram of about the
/// last 2,000 points): its tail probability is the empirical share below the history's top 5%, and above it an
/// exponential tail fitted to the excesses (peaks over threshold, as in extreme value theory), so a surprise far beyond
/// anything seen keeps getting rarer with its size (but never rarer than the share of the history at least as surprising,
/// and surprises beyond the top bin count as the top bin); a few pseudo-points at the Chebyshev bound 1/z² keep a short history
/// from claiming a one-in-a-million event. The four tails are combined twice, by Fisher's method (agreeing moderate
/// evidence) and by the Bonferroni bound on their minimum (one extreme view), and p is the smaller of the two, doubled;
/// the score is 1 − p: 0.99 means "about 1% of points here are this surprising". Values are modelled as they are (no log): the
/// robust scale follows the level, and a series that touches zero (a count, an occupancy) is not blown up near it.
/// </summary>
public sealed class AdaptiveAnomaly
{
    /// <summary>Bytes of state per series (arrays and fields), stated for the documentation.</summary>
    /// <remarks>Array payloads plus about 620 bytes of scalar fields, array headers and the object header (64-bit runtime).</remarks>
    public const int StateBytes = (((4 * Bins) + (4 * WeekSlots) + (4 * DaySlots) + GapSamples) * sizeof(double)) + 624;

    private const int Bins = 64;
    private const double BinsPerOctave = 8;
    private const int WeekSlots = 168;
    private const int DaySlots = 24;
    private const int GapSamples = 16;
    private const double MeanAbsToSigma = 1.4826; // median |residual| to sigma
    private const double LevelAlpha = 0.1;
    private const double ProfileAlpha = 0.2;
    private const double WindowAlpha = 0.1;
    private const double DriftAlpha = 0.05;
    private const double BiasAlpha = 0.02;
    private const double ScaleStep = 0.03;
    private const double HistogramMemory = 2000;
    private const double TailShare = 0.05;
    private const double PriorExcess = 1.0;
    private const double PriorExcessWeight = 5;
    private const double PriorWeight = 10;
    private const double PriorHorizon = 30;
    private const double SlowAlpha = 0.01;
    private const double DriftSmoothAlpha = 0.1;
    private const double Winsor = 5;
    private const double MeanFloor = 0.5; // scale floor: 0.5 × the recent mean |residual| (≈ 0.4σ on normal residuals: binds only when most residuals are ~0)
    private const double MeanAbsAlpha = 0.01; // the mean |residual| follows about the last 100 points

    private static readonly double[] BinLowers = [.. Enumerable.Range(0, Bins).Select(i => Math.Pow(2, i / BinsPerOctave) - 1)];
    private static readonly double[] BinCentres = [.. Enumerable.Range(0, Bins).Select(i => Math.Pow(2, (i + 0.5) / BinsPerOctave) - 1)];

    private readonly double _minSigmaFraction;
    private readonly int _warmup;
    private readonly double[] _pointHist = new double[Bins];
    private readonly double[] _windowHist = new double[Bins];
    private readonly double[] _longHist = new double[Bins];
    private readonly double[] _driftHist = new double[Bins];
    private double _driftSmooth;
    private double _slowLevel;
    private double _slowDev;
    private double _slowAbs;
    private double _levelAbs;
    private double _rwAbs;

    private readonly double[] _weekProfile = new double[WeekSlots];
    private readonly double[] _weekPeriods = new double[WeekSlots];
    private readonly double[] _weekPoints = new double[WeekSlots];
    private readonly long[] _weekLast = new long[WeekSlots];
    private readonly double[] _dayProfile = new double[DaySlots];
    private readonly double[] _dayPeriods = new double[DaySlots];
    private readonly double[] _dayPoints = new double[DaySlots];
    private readonly long[] _dayLast = new long[DaySlots];
    private long _currentWeek;
    private long _currentDay;
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
            _level = _prev = _slowLevel = value;
            _prevTime = time;
            _n = 1;
            return new AdaptivePoint(0, 0, 0, 1, 1, 0, 0, ProfileName(), $"warming up (0/{_warmup} points)");
        }

        var x = value;
        LearnCadence((time - _prevTime).TotalHours);
        var (week, day) = Slots(time);
        _currentDay = time.UtcTicks / TimeSpan.TicksPerDay;
        _currentWeek = (_currentDay + 3) / 7; // weeks start on Monday (0001-01-01 was a Monday)
        var seasonal = Seasonal(week, day);

        // Two predictions; the point surprise is the smaller residual, so a move must be unusual against both.
        var floor = Math.Max(1e-12, _minSigmaFraction * Math.Abs(_level));
        var rwSigma = Math.Max(Math.Max(MeanAbsToSigma * _rwDev, MeanFloor * _rwAbs), floor);
        var levelSigma = Math.Max(Math.Max(MeanAbsToSigma * _levelDev, MeanFloor * _levelAbs), floor);
        var rwResidual = x - (_prev + seasonal - _prevSeasonal) - _drift;
        var levelResidual = x - (_level + seasonal) - _levelMean;
        var rwZ = Math.Abs(rwResidual) / rwSigma;
        var levelZ = levelResidual / levelSigma;
        var (z, residual) = rwZ <= Math.Abs(levelZ) ? (rwZ, rwResidual) : (Math.Abs(levelZ), levelResidual);
        if (_n < 3)
        {
            z = 0; // no scale yet
            levelZ = 0;
        }

        // Short-window surprise: the recent average of the signed level residual, so a sustained drift away from the
        // level counts even when each step is ordinary; it fades as the level absorbs the shift.
        var signedWindow = ((1 - WindowAlpha) * _window) + (WindowAlpha * Math.Clamp(levelZ, -Winsor, Winsor));
        var window = Math.Abs(signedWindow);
        var pointTail = Tail(_pointHist, z);
        var windowTail = Tail(_windowHist, window);
        var slowSigma = Math.Max(Math.Max(MeanAbsToSigma * _slowDev, MeanFloor * _slowAbs), floor);
        var slowResidual = x - seasonal - _slowLevel;
        var slowZ = _n < 3 ? 0 : Math.Clamp(slowResidual / slowSigma, -Winsor, Winsor);
        var longStat = Math.Abs(slowZ);
        var longTail = Tail(_longHist, longStat);
        var drift = ((1 - DriftSmoothAlpha) * _driftSmooth) + (DriftSmoothAlpha * slowZ);
        var driftTail = Tail(_driftHist, Math.Abs(drift));
        var seen = _n;
        // Two ways to combine four tails, and the smaller of the two, doubled (Bonferroni over both): Fisher's method
        // (P(χ²₈ ≥ −2 ln Π) = Π·(1 + L + L²/2 + L³/6), L = −ln Π) for moderate evidence that agrees across views (a slow
        // drift), and the Bonferroni bound on the minimum (4·min) for one view that is extreme on its own (a value far
        // outside the recent range while each step looks ordinary). The views are dependent, so Fisher is somewhat
        // liberal; the pure-noise test holds the result near 1% at 0.99.
        var joint = Math.Max(pointTail * windowTail * longTail * driftTail, 1e-300);
        var l = -Math.Log(joint);
        var fisher = joint * (1 + l + (l * l / 2) + (l * l * l / 6));
        var bonferroni = 4 * Math.Min(Math.Min(pointTail, windowTail), Math.Min(longTail, driftTail));
        var p = Math.Clamp(2 * Math.Min(fisher, bonferroni), 1e-300, 1);
        var score = seen < _warmup ? 0 : Math.Clamp(1 - p, 0, 1);
        var note = seen < _warmup ? $"warming up ({seen}/{_warmup} points)" : null;
        if (Math.Min(longTail, driftTail) < Math.Min(pointTail, windowTail))
        {
            residual = slowResidual; // the direction of the most surprising view
        }
        else if (windowTail < pointTail)
        {
            residual = signedWindow * levelSigma;
        }

        // Learn. Surprises enter the calibration only after the warm-up, when the scale is no longer a guess.
        if (seen >= _warmup)
        {
            Add(_pointHist, z);
            Add(_windowHist, window);
            Add(_longHist, longStat);
            Add(_driftHist, Math.Abs(drift));
            _histWeight = (_histWeight * (1 - (1 / HistogramMemory))) + 1;
        }

        _window = signedWindow;
        _driftSmooth = drift;
        _slowDev = RobustScale(_slowDev, Math.Abs(slowResidual));
        _slowAbs = MeanAbs(_slowAbs, Math.Abs(slowResidual));
        _slowLevel += SlowAlpha * Math.Clamp(slowResidual, -Winsor * slowSigma, Winsor * slowSigma);
        var rwClip = Clip(rwResidual, rwSigma, _n);
        var levelClip = Clip(levelResidual, levelSigma, _n);
        var clipped = _level + seasonal + _levelMean + levelClip;
        _rwDev = RobustScale(_rwDev, Math.Abs(rwResidual - _drift));
        _levelDev = RobustScale(_levelDev, Math.Abs(levelResidual));
        _rwAbs = MeanAbs(_rwAbs, Math.Abs(rwResidual - _drift));
        _levelAbs = MeanAbs(_levelAbs, Math.Abs(levelResidual));
        _drift += DriftAlpha * rwClip;
        _levelMean += BiasAlpha * levelClip;

        // Holt–Winters style level and profile, fed with the winsorised value so a spike does not move them much.
        var deseasonal = clipped - seasonal;
        _level += LevelAlpha * (deseasonal - _level);
        UpdateProfile(week, day, clipped - _level);

        _prevSeasonal = Seasonal(week, day);
        _prev = x;
        _prevTime = time;
        _n++;
        return new AdaptivePoint(score, z, window, pointTail, windowTail, residual, seen, ProfileName(), note, seen < _warmup ? 1 : p, longStat, longTail);
    }

    /// <summary>
    /// One step of an online median of |residual| (multiplicative steps up or down, so it converges on the median in
    /// a few dozen points and one outlier moves it by a few percent at most): a robust scale of the residuals.
    /// </summary>
    private double RobustScale(double median, double absResidual)
    {
        if (!(median > 0))
        {
            return absResidual;
        }

        var step = _n < 30 ? 0.3 : ScaleStep;
        return absResidual > median ? median * (1 + step) : absResidual < median ? median / (1 + step) : median;
    }

    private double MeanAbs(double mean, double absResidual) =>
        _n < 2 ? absResidual : mean + (MeanAbsAlpha * (absResidual - mean));

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
        // A slot counts once it holds earlier periods: a Monday-9:00 value is compared with other Mondays' 9:00 (one
        // earlier week suffices), an hour of the day with that hour of two earlier days.
        if (week >= 0 && (_weekPeriods[week] >= 2 || (_weekPeriods[week] >= 1 && _weekLast[week] < _currentWeek)))
        {
            return _weekProfile[week];
        }

        return day >= 0 && (_dayPeriods[day] >= 3 || (_dayPeriods[day] >= 2 && _dayLast[day] < _currentDay)) ? _dayProfile[day] : 0;
    }

    private void UpdateProfile(int week, int day, double deviation)
    {
        // Within a slot's first period the profile is the running mean; later each period moves it by about ProfileAlpha.
        var perPeriod = double.IsNaN(_cadenceHours) || _cadenceHours >= 1 ? 1 : Math.Max(1, Math.Round(1 / _cadenceHours));
        if (week >= 0)
        {
            if (_weekLast[week] != _currentWeek)
            {
                _weekLast[week] = _currentWeek;
                _weekPeriods[week]++;
            }

            _weekPoints[week]++;
            var alpha = _weekPeriods[week] <= 1 ? 1 / _weekPoints[week] : ProfileAlpha / perPeriod;
            _weekProfile[week] += alpha * (deviation - _weekProfile[week]);
        }

        if (day >= 0)
        {
            if (_dayLast[day] != _currentDay)
            {
                _dayLast[day] = _currentDay;
                _dayPeriods[day]++;
            }

            _dayPoints[day]++;
            var alpha = _dayPeriods[day] <= 1 ? 1 / _dayPoints[day] : ProfileAlpha / perPeriod;
            _dayProfile[day] += alpha * (deviation - _dayProfile[day]);
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
    /// Tail probability of a surprise at least <paramref name="z"/> in this history. Below the history's upper
    /// <see cref="TailShare"/> quantile u it is the decayed empirical share (half of its own bin counted); above it, an
    /// exponential tail fitted to the excesses over u (the peaks-over-threshold model of extreme value theory with shape 0):
    /// P(Z ≥ z) = P(Z ≥ u)·exp(−(z − u)/β), β the mean excess, shrunk towards <see cref="PriorExcess"/> while few points
    /// exceed u. So a surprise far beyond everything seen gets a small probability that keeps falling with its size
    /// instead of saturating at one in the history's length.
    /// </summary>
    private double Tail(double[] hist, double z)
    {
        if (!(z > 0) || !(_histWeight > 0))
        {
            return 1; // no surprise at all (or no history yet): every point is at least this surprising
        }

        // u: lower edge of the bin where the mass counted from the top first reaches TailShare of the history.
        var target = TailShare * _histWeight;
        double above = 0, excess = 0;
        var ub = Bins - 1;
        for (; ub > 0; ub--)
        {
            above += hist[ub];
            if (above >= target)
            {
                break;
            }
        }

        if (ub == 0)
        {
            above += hist[0];
        }

        // Surprises beyond the top bin all count as the top bin: the histogram cannot tell them apart, so in a series whose
        // bursts are routinely hundreds of scales above its quiet level (a disk idle, then writing) the bursts are ordinary
        // here instead of being extrapolated into an impossibly small tail.
        z = Math.Min(z, BinCentre(Bins - 1));
        var u = BinLower(ub);
        var bin = Bin(z);
        // The decayed share of the history at least this surprising (half of its own bin counted).
        var share = 0.5 * hist[bin];
        for (var i = bin + 1; i < Bins; i++)
        {
            share += hist[i];
        }

        if (bin < ub)
        {
            return Math.Clamp((share + (PriorPoints() * Chebyshev(z))) / (_histWeight + PriorPoints()), 1e-300, 1);
        }

        for (var i = ub; i < Bins; i++)
        {
            excess += hist[i] * (BinCentre(i) - u);
        }

        var beta = (excess + (PriorExcessWeight * PriorExcess)) / (above + PriorExcessWeight);
        var pu = Math.Min(1, above / _histWeight);
        var fitted = pu * Math.Exp(-(z - u) / Math.Max(beta, 1e-6));
        // The fitted tail extrapolates beyond what was seen; it never claims less than the share of the history that
        // was at least this surprising (a few routine bursts far above everything else must not fit as one in a billion).
        fitted = Math.Max(fitted, share / _histWeight);

        return Math.Clamp(((_histWeight * fitted) + (PriorPoints() * Chebyshev(z))) / (_histWeight + PriorPoints()), 1e-300, 1);
    }

    /// <summary>
    /// A short history cannot claim a one-in-a-million event: the tails are mixed with pseudo-points that follow the
    /// Chebyshev bound 1/z², <see cref="PriorWeight"/> of them at first, fading as the history grows (about 1 once it
    /// holds 1,000 points), so they matter for a few dozen weekly quotes and hardly for thousands of 5-minute points.
    /// </summary>
    private double PriorPoints() => PriorWeight * PriorHorizon / (PriorHorizon + _histWeight);

    private static double Chebyshev(double z) => z <= 1 ? 1 : 1 / (z * z);

    private static double BinLower(int bin) => BinLowers[bin];

    private static double BinCentre(int bin) => BinCentres[bin];
}
