using System.Globalization;

namespace MonitorBot.Core.Detection;

/// <summary>Which tests a price rule applies: its fixed thresholds, the adaptive score, or both (either fires).</summary>
public enum PriceRuleMode
{
    /// <summary>Percent change versus the previous print and the baseline, and the robust z-score, against fixed thresholds.</summary>
    Fixed = 0,
    /// <summary>Only the adaptive anomaly score (a tail probability learned from the series itself).</summary>
    Adaptive = 1,
    /// <summary>The fixed tests and the adaptive score; the alert's reason names which fired.</summary>
    Both = 2,
}

/// <summary>The adaptive part of a price rule: which tests it applies, and the adaptive score thresholds.</summary>
public sealed partial class PriceRuleOptions
{
    /// <summary>Fixed (percent and z-score thresholds), Adaptive (the adaptive score only) or Both (either fires).</summary>
    public PriceRuleMode Mode { get; set; } = PriceRuleMode.Fixed;

    /// <summary>Adaptive score (1 − tail probability in this series' own history) at which a warning fires: 0.99 = a 1-in-100 surprise here.</summary>
    public double AdaptiveWarning { get; set; } = 0.99;

    /// <summary>Adaptive score at which the alert is critical: 0.999 = a 1-in-1000 surprise here.</summary>
    public double AdaptiveCritical { get; set; } = 0.999;

    /// <summary>Points the adaptive score learns from before it may fire.</summary>
    public int AdaptiveWarmupPoints { get; set; } = 20;

    /// <summary>At most this many stored points are replayed to rebuild the adaptive state at each evaluation (bounded warm-up).</summary>
    public int AdaptiveHistoryPoints { get; set; } = 2000;

    /// <summary>True when the rule applies its fixed thresholds.</summary>
    public bool UsesFixed => Mode is PriceRuleMode.Fixed or PriceRuleMode.Both;

    /// <summary>True when the rule applies the adaptive score.</summary>
    public bool UsesAdaptive => Mode is PriceRuleMode.Adaptive or PriceRuleMode.Both;

    private void ValidateAdaptive(List<string> problems, string prefix)
    {
        if (!Enum.IsDefined(Mode))
        {
            problems.Add($"{prefix}:Mode must be Fixed, Adaptive or Both (was {Mode})");
        }

        if (!(AdaptiveWarning > 0 && AdaptiveWarning < 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:AdaptiveWarning must be in (0, 1) (was {AdaptiveWarning})"));
        }

        if (!(AdaptiveCritical > 0 && AdaptiveCritical < 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:AdaptiveCritical must be in (0, 1) (was {AdaptiveCritical})"));
        }

        DetectionOptions.RequireOrder(problems, prefix, nameof(AdaptiveWarning), AdaptiveWarning, nameof(AdaptiveCritical), AdaptiveCritical);
        if (AdaptiveWarmupPoints < 2)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:AdaptiveWarmupPoints must be >= 2 (was {AdaptiveWarmupPoints})"));
        }

        if (AdaptiveHistoryPoints < AdaptiveWarmupPoints)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:AdaptiveHistoryPoints must be >= {prefix}:AdaptiveWarmupPoints ({AdaptiveHistoryPoints} < {AdaptiveWarmupPoints})"));
        }
    }
}
