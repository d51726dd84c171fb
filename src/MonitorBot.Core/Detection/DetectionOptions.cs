using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>Which price moves a rule watches.</summary>
public enum PriceDirection
{
    Both = 0,
    Up = 1,
    Down = 2,
}

/// <summary>
/// Detection rules, bound from the "Detection" configuration section. Every threshold has a default
/// that suits the Kachin heavy-rare-earth picture; <see cref="Validate"/> lists every problem.
/// </summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>
    /// Price rules, applied to every series whose id matches <see cref="PriceRuleOptions.SeriesPattern"/>.
    /// Empty by default (the configuration binder appends to pre-filled lists): when empty,
    /// <see cref="EffectivePriceRules"/> returns <see cref="DefaultPriceRules"/>.
    /// </summary>
    public List<PriceRuleOptions> PriceRules { get; set; } = [];

    public TradeRuleOptions Trade { get; set; } = new();

    public NewsRuleOptions News { get; set; } = new();

    public HealthRuleOptions Health { get; set; } = new();

    public LifecycleOptions Lifecycle { get; set; } = new();

    /// <summary>The configured price rules, or the defaults when none are configured.</summary>
    public IReadOnlyList<PriceRuleOptions> EffectivePriceRules => PriceRules.Count > 0 ? PriceRules : DefaultPriceRules();

    /// <summary>Every price rule (of <see cref="EffectivePriceRules"/>) whose pattern matches the series id.</summary>
    public IReadOnlyList<PriceRuleOptions> RulesFor(string seriesId) =>
        [.. EffectivePriceRules.Where(r => SeriesGlob.IsMatch(r.SeriesPattern, seriesId))];

    /// <summary>
    /// The defaults: "price-oxide" for China oxide quotes (slow-moving: a 12% move over 90 days is news),
    /// and "price-proxy" for the listed proxies (REMX, MP, Lynas, China Northern Rare Earth: volatile equities).
    /// </summary>
    public static List<PriceRuleOptions> DefaultPriceRules() =>
    [
        new PriceRuleOptions
        {
            Id = "price-oxide",
            SeriesPattern = "*-oxide",
            PctVsPreviousWarning = 8,
            PctVsPreviousCritical = 15,
            BaselineDays = 90,
            PctVsBaselineWarning = 12,
            PctVsBaselineCritical = 25,
            ZScoreWarning = 4,
            ZScoreCritical = 7,
            ZScoreWindow = 26,
            ZScoreMinSigmaPct = 1,
            WarmupPoints = 8,
            ClearRatio = 0.5,
            Direction = PriceDirection.Both,
            Mode = PriceRuleMode.Both,
        },
        new PriceRuleOptions
        {
            Id = "price-proxy",
            SeriesPattern = "remx*,mp,mp.*,lyc*,600111*",
            PctVsPreviousWarning = 10,
            PctVsPreviousCritical = 20,
            BaselineDays = 30,
            PctVsBaselineWarning = 25,
            PctVsBaselineCritical = 50,
            ZScoreWarning = 5,
            ZScoreCritical = 8,
            ZScoreWindow = 60,
            ZScoreMinSigmaPct = 1,
            WarmupPoints = 20,
            ClearRatio = 0.5,
            Direction = PriceDirection.Both,
            Mode = PriceRuleMode.Adaptive,
        },
    ];

    /// <summary>
    /// The default statistical rule ("adaptive", every series, adaptive score only): what <c>backtest --csv</c> uses when
    /// neither a rule nor a series names one.
    /// </summary>
    public static PriceRuleOptions DefaultStatisticalRule() => new()
    {
        Id = "adaptive",
        SeriesPattern = "*",
        Mode = PriceRuleMode.Adaptive,
        ZScoreMinSigmaPct = 0,
    };

    /// <summary>Every configuration problem, with its configuration path. Empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        var problems = new List<string>();
        var rules = EffectivePriceRules;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{SectionName}:PriceRules:{i}");
            var rule = rules[i];
            if (rule is null)
            {
                problems.Add($"{prefix} is missing");
                continue;
            }

            problems.AddRange(rule.Validate(prefix));
            if (!string.IsNullOrWhiteSpace(rule.Id) && !seen.Add(rule.Id))
            {
                problems.Add($"{prefix}:Id '{rule.Id}' is used by more than one rule");
            }
        }

        problems.AddRange((Trade ?? new()).Validate($"{SectionName}:Trade"));
        problems.AddRange((News ?? new()).Validate($"{SectionName}:News"));
        problems.AddRange((Health ?? new()).Validate($"{SectionName}:Health"));
        problems.AddRange((Lifecycle ?? new()).Validate($"{SectionName}:Lifecycle"));
        return problems;
    }

    internal static void RequirePositive(List<string> problems, string path, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path} must be > 0 (was {value})"));
        }
    }

    internal static void RequireOrder(List<string> problems, string prefix, string warningName, double warning, string criticalName, double critical)
    {
        if (critical < warning)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:{criticalName} must be >= {prefix}:{warningName} ({critical} < {warning})"));
        }
    }
}

/// <summary>
/// One price rule. Percentages are in percent (12 = 12%); z-scores in robust standard deviations.
/// A condition fires at the warning/critical thresholds and, while firing, clears only when every
/// measure is below its warning threshold × <see cref="ClearRatio"/> (hysteresis).
/// </summary>
public sealed partial class PriceRuleOptions
{
    /// <summary>Stable rule id; part of every fingerprint ("price-oxide:tb-oxide").</summary>
    public string Id { get; set; } = "";

    /// <summary>Glob over series ids: '*' any run, '?' one character; alternatives separated by ',' or '|' ("tb-*", "*-oxide", "remx,mp").</summary>
    public string SeriesPattern { get; set; } = "";

    /// <summary>|change| versus the previous print, percent.</summary>
    public double PctVsPreviousWarning { get; set; } = 8;
    public double PctVsPreviousCritical { get; set; } = 15;

    /// <summary>Baseline = the newest print at or before latest − BaselineDays (and not older than 2 × BaselineDays). 0 disables the test.</summary>
    public int BaselineDays { get; set; } = 30;
    public double PctVsBaselineWarning { get; set; } = 15;
    public double PctVsBaselineCritical { get; set; } = 30;

    /// <summary>|robust z| of the latest log return against the median and MAD × 1.4826 of the prior returns.</summary>
    public double ZScoreWarning { get; set; } = 4;
    public double ZScoreCritical { get; set; } = 7;

    /// <summary>How many prior returns the z-score uses (the newest ones).</summary>
    public int ZScoreWindow { get; set; } = 26;

    /// <summary>Floor of the robust sigma, percent: a nearly flat history does not make a 1% move look like 10 sigma.</summary>
    public double ZScoreMinSigmaPct { get; set; } = 1;

    /// <summary>Minimum number of prior returns before the z-score is used.</summary>
    public int WarmupPoints { get; set; } = 8;

    /// <summary>While firing, clear only when every measure is below threshold × ClearRatio (0 &lt; ratio ≤ 1).</summary>
    public double ClearRatio { get; set; } = 0.5;

    public PriceDirection Direction { get; set; } = PriceDirection.Both;

    internal IEnumerable<string> Validate(string prefix)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add($"{prefix}:Id must not be empty");
        }

        if (string.IsNullOrWhiteSpace(SeriesPattern) || SeriesGlob.Alternatives(SeriesPattern).Count == 0)
        {
            problems.Add($"{prefix}:SeriesPattern must not be empty");
        }

        DetectionOptions.RequirePositive(problems, $"{prefix}:PctVsPreviousWarning", PctVsPreviousWarning);
        DetectionOptions.RequirePositive(problems, $"{prefix}:PctVsPreviousCritical", PctVsPreviousCritical);
        DetectionOptions.RequireOrder(problems, prefix, nameof(PctVsPreviousWarning), PctVsPreviousWarning, nameof(PctVsPreviousCritical), PctVsPreviousCritical);
        if (BaselineDays < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:BaselineDays must be >= 0 (was {BaselineDays})"));
        }

        DetectionOptions.RequirePositive(problems, $"{prefix}:PctVsBaselineWarning", PctVsBaselineWarning);
        DetectionOptions.RequirePositive(problems, $"{prefix}:PctVsBaselineCritical", PctVsBaselineCritical);
        DetectionOptions.RequireOrder(problems, prefix, nameof(PctVsBaselineWarning), PctVsBaselineWarning, nameof(PctVsBaselineCritical), PctVsBaselineCritical);
        DetectionOptions.RequirePositive(problems, $"{prefix}:ZScoreWarning", ZScoreWarning);
        DetectionOptions.RequirePositive(problems, $"{prefix}:ZScoreCritical", ZScoreCritical);
        DetectionOptions.RequireOrder(problems, prefix, nameof(ZScoreWarning), ZScoreWarning, nameof(ZScoreCritical), ZScoreCritical);
        if (ZScoreWindow < 2)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:ZScoreWindow must be >= 2 (was {ZScoreWindow})"));
        }

        if (!(ZScoreMinSigmaPct >= 0))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:ZScoreMinSigmaPct must be >= 0 (was {ZScoreMinSigmaPct})"));
        }

        if (WarmupPoints < 2)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:WarmupPoints must be >= 2 (was {WarmupPoints})"));
        }
        else if (WarmupPoints > ZScoreWindow)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:WarmupPoints must be <= {prefix}:ZScoreWindow ({WarmupPoints} > {ZScoreWindow})"));
        }

        if (!(ClearRatio > 0 && ClearRatio <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:ClearRatio must be in (0, 1] (was {ClearRatio})"));
        }

        if (!Enum.IsDefined(Direction))
        {
            problems.Add($"{prefix}:Direction must be Both, Up or Down (was {Direction})");
        }

        ValidateAdaptive(problems, prefix);
        return problems;
    }
}

/// <summary>
/// Trade collapse rule over monthly import tonnes. Declines are given as positive percentages
/// (80 = a fall of 80% or more).
/// </summary>
public sealed class TradeRuleOptions
{
    public string Id { get; set; } = "trade-collapse";

    /// <summary>The entity in the fingerprint ("trade-collapse:cn-mm-imports").</summary>
    public string SeriesId { get; set; } = SeriesIds.ChinaImportsFromMyanmar;

    public double YoYDeclineWarningPct { get; set; } = 50;
    public double YoYDeclineCriticalPct { get; set; } = 80;

    /// <summary>Months before the latest whose mean is the trailing baseline.</summary>
    public int TrailingMonths { get; set; } = 6;

    /// <summary>Minimum months present in the trailing window for the trailing test to run.</summary>
    public int MinTrailingMonths { get; set; } = 3;

    public double TrailingDeclineWarningPct { get; set; } = 50;
    public double TrailingDeclineCriticalPct { get; set; } = 80;

    /// <summary>While firing, clear only when every decline is below threshold × ClearRatio.</summary>
    public double ClearRatio { get; set; } = 0.5;

    internal IEnumerable<string> Validate(string prefix)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add($"{prefix}:Id must not be empty");
        }

        if (string.IsNullOrWhiteSpace(SeriesId))
        {
            problems.Add($"{prefix}:SeriesId must not be empty");
        }

        DetectionOptions.RequirePositive(problems, $"{prefix}:YoYDeclineWarningPct", YoYDeclineWarningPct);
        DetectionOptions.RequirePositive(problems, $"{prefix}:YoYDeclineCriticalPct", YoYDeclineCriticalPct);
        DetectionOptions.RequireOrder(problems, prefix, nameof(YoYDeclineWarningPct), YoYDeclineWarningPct, nameof(YoYDeclineCriticalPct), YoYDeclineCriticalPct);
        DetectionOptions.RequirePositive(problems, $"{prefix}:TrailingDeclineWarningPct", TrailingDeclineWarningPct);
        DetectionOptions.RequirePositive(problems, $"{prefix}:TrailingDeclineCriticalPct", TrailingDeclineCriticalPct);
        DetectionOptions.RequireOrder(problems, prefix, nameof(TrailingDeclineWarningPct), TrailingDeclineWarningPct, nameof(TrailingDeclineCriticalPct), TrailingDeclineCriticalPct);
        if (YoYDeclineCriticalPct > 100 || TrailingDeclineCriticalPct > 100)
        {
            problems.Add($"{prefix}: a decline threshold above 100% can never fire");
        }

        if (TrailingMonths < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:TrailingMonths must be >= 1 (was {TrailingMonths})"));
        }

        if (MinTrailingMonths < 1 || MinTrailingMonths > TrailingMonths)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:MinTrailingMonths must be in [1, TrailingMonths] (was {MinTrailingMonths})"));
        }

        if (!(ClearRatio > 0 && ClearRatio <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:ClearRatio must be in (0, 1] (was {ClearRatio})"));
        }

        return problems;
    }
}

/// <summary>News rules: bursts of relevant items, and high-severity signals corroborated by independent outlets.</summary>
public sealed class NewsRuleOptions
{
    public string BurstRuleId { get; set; } = "news-burst";

    /// <summary>The window whose item count is compared with the baseline.</summary>
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Days before the window that give the baseline rate.</summary>
    public int BurstBaselineDays { get; set; } = 14;

    /// <summary>Minimum distinct relevant stories in the window.</summary>
    public int BurstMinCount { get; set; } = 5;

    /// <summary>Minimum ratio of the window count to the baseline expectation for one window.</summary>
    public double BurstRatio { get; set; } = 3;

    public string SignalRuleId { get; set; } = "news-signal";

    /// <summary>How far back a high-severity signal's reports count.</summary>
    public TimeSpan SignalWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Independent outlets needed for a critical signal (one outlet: warning).</summary>
    public int SignalCriticalSources { get; set; } = 2;

    internal IEnumerable<string> Validate(string prefix)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BurstRuleId))
        {
            problems.Add($"{prefix}:BurstRuleId must not be empty");
        }

        if (string.IsNullOrWhiteSpace(SignalRuleId))
        {
            problems.Add($"{prefix}:SignalRuleId must not be empty");
        }

        if (BurstWindow <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}:BurstWindow must be > 0 (was {BurstWindow})");
        }

        if (BurstBaselineDays < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:BurstBaselineDays must be >= 1 (was {BurstBaselineDays})"));
        }

        if (BurstMinCount < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:BurstMinCount must be >= 1 (was {BurstMinCount})"));
        }

        DetectionOptions.RequirePositive(problems, $"{prefix}:BurstRatio", BurstRatio);
        if (SignalWindow <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}:SignalWindow must be > 0 (was {SignalWindow})");
        }

        if (SignalCriticalSources < 2)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:SignalCriticalSources must be >= 2 (was {SignalCriticalSources})"));
        }

        return problems;
    }
}

/// <summary>Monitor health: stale, degraded and disabled sources (routed to admins).</summary>
public sealed class HealthRuleOptions
{
    public string Id { get; set; } = "source-health";

    /// <summary>Stale (warning) when the last success is older than StaleFactor × the expected cadence.</summary>
    public double StaleFactor { get; set; } = 3;

    /// <summary>Stale becomes critical beyond StaleCriticalFactor × the cadence.</summary>
    public double StaleCriticalFactor { get; set; } = 12;

    /// <summary>After the monitor starts, a source is tested for staleness only once it has had one cadence plus this to poll.</summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromMinutes(5);

    internal IEnumerable<string> Validate(string prefix)
    {
        var problems = new List<string>();
        if (StartupGrace < TimeSpan.Zero || StartupGrace > TimeSpan.FromDays(1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:StartupGrace must be between 00:00:00 and 1.00:00:00 (was {StartupGrace})"));
        }

        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add($"{prefix}:Id must not be empty");
        }

        if (!(StaleFactor >= 1) || double.IsInfinity(StaleFactor))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:StaleFactor must be >= 1 (was {StaleFactor})"));
        }

        DetectionOptions.RequireOrder(problems, prefix, nameof(StaleFactor), StaleFactor, nameof(StaleCriticalFactor), StaleCriticalFactor);
        return problems;
    }
}

/// <summary>Alert lifecycle timing. Per-topic overrides in <see cref="Topics"/> (keys: price, trade, news, health).</summary>
public sealed class LifecycleOptions
{
    /// <summary>How long a condition must hold before firing (together with <see cref="PendingCount"/>).</summary>
    public TimeSpan PendingFor { get; set; } = TimeSpan.Zero;

    /// <summary>How many consecutive evaluations a condition must hold before firing (1 = at once).</summary>
    public int PendingCount { get; set; } = 1;

    /// <summary>A critical signal skips the pending period.</summary>
    public bool CriticalFiresImmediately { get; set; } = true;

    /// <summary>One reminder per interval while firing and not acknowledged; zero disables reminders.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reminders of a long-firing alert space out (doubling) up to this gap; set it to ReminderInterval for evenly spaced reminders.</summary>
    public TimeSpan MaxReminderInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After a resolution, re-firing within this time is suppressed (unless the severity is higher).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(6);

    public Dictionary<string, TopicLifecycleOptions> Topics { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The effective settings for a topic (its overrides over the defaults above).</summary>
    public EffectiveLifecycle For(string topic)
    {
        TopicLifecycleOptions? t = null;
        if (Topics is not null && topic is not null)
        {
            Topics.TryGetValue(topic, out t);
            if (t is null)
            {
                t = Topics.FirstOrDefault(kv => string.Equals(kv.Key, topic, StringComparison.OrdinalIgnoreCase)).Value;
            }
        }

        return new EffectiveLifecycle(
            t?.PendingFor ?? PendingFor,
            t?.PendingCount ?? PendingCount,
            t?.CriticalFiresImmediately ?? CriticalFiresImmediately,
            t?.ReminderInterval ?? ReminderInterval,
            t?.Cooldown ?? Cooldown,
            MaxReminderInterval);
    }

    internal IEnumerable<string> Validate(string prefix)
    {
        var problems = new List<string>();
        Check(problems, prefix, PendingFor, PendingCount, ReminderInterval, Cooldown);
        if (MaxReminderInterval < TimeSpan.Zero || MaxReminderInterval > TimeSpan.FromDays(90))
        {
            problems.Add($"{prefix}:MaxReminderInterval must be between 00:00:00 and 90.00:00:00 (was {MaxReminderInterval}).");
        }
        foreach (var (topic, t) in Topics ?? [])
        {
            var p = $"{prefix}:Topics:{topic}";
            if (!AlertTopics.All.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{p} is not a known topic ({string.Join(", ", AlertTopics.All)})");
            }

            if (t is null)
            {
                continue;
            }

            Check(problems, p, t.PendingFor ?? TimeSpan.Zero, t.PendingCount ?? 1, t.ReminderInterval ?? TimeSpan.Zero, t.Cooldown ?? TimeSpan.Zero);
        }

        return problems;
    }

    /// <summary>Upper bounds of the admin-settable lifecycle values (an admin mistake must not flood a channel or silence it for years).</summary>
    public static readonly TimeSpan MaxPendingFor = TimeSpan.FromDays(7);
    public const int MaxPendingCount = 1000;
    public static readonly TimeSpan MinReminderInterval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxReminderIntervalBound = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(30);

    private static void Check(List<string> problems, string prefix, TimeSpan pendingFor, int pendingCount, TimeSpan reminder, TimeSpan cooldown)
    {
        if (pendingFor < TimeSpan.Zero || pendingFor > MaxPendingFor)
        {
            problems.Add($"{prefix}:PendingFor must be between 00:00:00 and {MaxPendingFor:c} (was {pendingFor})");
        }

        if (pendingCount is < 1 or > MaxPendingCount)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:PendingCount must be between 1 and {MaxPendingCount} (was {pendingCount})"));
        }

        // 0 turns reminders off; otherwise at least 10 minutes (one sweep must never queue hundreds of reminders).
        if (reminder < TimeSpan.Zero || (reminder > TimeSpan.Zero && reminder < MinReminderInterval) || reminder > MaxReminderIntervalBound)
        {
            problems.Add($"{prefix}:ReminderInterval must be 00:00:00 (off) or between {MinReminderInterval:c} and {MaxReminderIntervalBound:c} (was {reminder})");
        }

        if (cooldown < TimeSpan.Zero || cooldown > MaxCooldown)
        {
            problems.Add($"{prefix}:Cooldown must be between 00:00:00 and {MaxCooldown:c} (was {cooldown})");
        }
    }
}

/// <summary>Per-topic lifecycle overrides; null = use the global value.</summary>
public sealed class TopicLifecycleOptions
{
    public TimeSpan? PendingFor { get; set; }
    public int? PendingCount { get; set; }
    public bool? CriticalFiresImmediately { get; set; }
    public TimeSpan? ReminderInterval { get; set; }
    public TimeSpan? Cooldown { get; set; }
}

/// <summary>Lifecycle settings resolved for one topic.</summary>
public sealed record EffectiveLifecycle(
    TimeSpan PendingFor,
    int PendingCount,
    bool CriticalFiresImmediately,
    TimeSpan ReminderInterval,
    TimeSpan Cooldown,
    TimeSpan MaxReminderInterval = default)
{
    /// <summary>
    /// The gap before the next reminder of a firing alert: <see cref="ReminderInterval"/> at first, then as long as the
    /// alert had been firing at the last notification (1 d, 1 d, 2 d, 4 d, …), capped at <see cref="MaxReminderInterval"/>;
    /// a cap at or below the interval keeps reminders evenly spaced.
    /// </summary>
    public TimeSpan ReminderGap(AlertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (MaxReminderInterval <= ReminderInterval || state.FiredAt is not { } fired || state.LastNotifiedAt is not { } notified) return ReminderInterval;
        var sinceFired = notified - fired;
        return sinceFired <= ReminderInterval ? ReminderInterval : sinceFired >= MaxReminderInterval ? MaxReminderInterval : sinceFired;
    }
}
