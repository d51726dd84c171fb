using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// News burst: the number of distinct relevant stories first seen in the last BurstWindow, versus the
/// rate over the BurstBaselineDays before it. Fires (warning) when the count is at least BurstMinCount
/// and at least BurstRatio × the baseline expectation for one window. Baseline items (first poll of a
/// source) and irrelevant items never count; copies of one wire story (same title key) count once, at
/// their first appearance. Pure: items and time are passed in.
/// </summary>
public static class NewsBurstDetector
{
    /// <summary>The entity part of the burst fingerprint ("news-burst:relevant").</summary>
    public const string Entity = "relevant";

    /// <param name="items">News items covering at least BurstBaselineDays + BurstWindow before now (any order).</param>
    public static DetectorResult Evaluate(IReadOnlyList<NewsItem> items, NewsRuleOptions rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rule);
        var fingerprint = Signal.MakeFingerprint(rule.BurstRuleId, Entity);
        var windowStart = now - rule.BurstWindow;
        var baselineStart = windowStart - TimeSpan.FromDays(rule.BurstBaselineDays);

        // First appearance of each story among the relevant items (baseline items included: a story first
        // carried by a baseline poll is not new when another outlet repeats it later).
        var first = new Dictionary<string, NewsItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null || !item.IsRelevant || item.EffectiveTime > now)
            {
                continue;
            }

            var key = NewsEvidence.StoryKey(item);
            if (!first.TryGetValue(key, out var seen) || item.EffectiveTime < seen.EffectiveTime)
            {
                first[key] = item;
            }
        }

        var inWindow = first.Values.Where(i => !i.IsBaseline && i.EffectiveTime > windowStart).ToList();
        var inBaseline = first.Values.Count(i => !i.IsBaseline && i.EffectiveTime > baselineStart && i.EffectiveTime <= windowStart);
        var windowsInBaseline = TimeSpan.FromDays(rule.BurstBaselineDays) / rule.BurstWindow;
        var expected = inBaseline / windowsInBaseline;
        var count = inWindow.Count;
        var needed = Math.Max(rule.BurstMinCount, rule.BurstRatio * expected);
        var score = Math.Clamp(needed > 0 ? count / (2 * needed) : 0, 0, 1);

        var outlets = inWindow.Select(NewsEvidence.OutletOf).Distinct(StringComparer.Ordinal).OrderBy(o => o, StringComparer.Ordinal).ToList();
        var topEntities = inWindow
            .SelectMany(i => i.Entities ?? [])
            .GroupBy(e => e, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5)
            .Select(g => g.Key)
            .ToList();
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            ["baseline_count"] = inBaseline.ToString(CultureInfo.InvariantCulture),
            ["expected"] = Format.Fixed(expected, 2),
            ["needed"] = Format.Fixed(needed, 2),
            ["outlets"] = string.Join(",", outlets),
            ["entities"] = string.Join(",", topEntities),
            ["score"] = Format.Fixed(score, 3),
        };

        var measured = $"{count} relevant stor{(count == 1 ? "y" : "ies")} in the last {Format.Span(rule.BurstWindow)} "
            + $"vs {Format.Fixed(expected, 2)} expected ({inBaseline} over the previous {rule.BurstBaselineDays} d); "
            + $"fires at ≥ {rule.BurstMinCount} and ≥ {Format.Num(rule.BurstRatio)}× expected";
        var observedAt = inWindow.Count > 0 ? inWindow.Max(i => i.EffectiveTime) : now;
        var source = string.Join(", ", outlets.Take(5));
        var about = topEntities.Count > 0 ? $" ({string.Join(", ", topEntities.Take(3))})" : "";

        if (count >= rule.BurstMinCount && count >= rule.BurstRatio * expected)
        {
            return new DetectorResult([new Signal(fingerprint, rule.BurstRuleId, AlertTopics.News, AlertSeverity.Warning, score,
                $"News burst: {count} relevant stories in {Format.Span(rule.BurstWindow)}{about}",
                $"{measured}. Outlets: {source}.", source, observedAt, Entity, facts)]);
        }

        // Would the first poll of a source (baseline items) have made a burst? Then say so: baseline never alerts.
        var withBaseline = first.Values.Count(i => i.EffectiveTime > windowStart);
        var baselineOnly = withBaseline >= rule.BurstMinCount && withBaseline >= rule.BurstRatio * expected;
        facts["baseline_items_in_window"] = (withBaseline - count).ToString(CultureInfo.InvariantCulture);
        return new DetectorResult([new Signal(fingerprint, rule.BurstRuleId, AlertTopics.News, null, score,
            "News: no burst",
            baselineOnly
                ? $"{measured}. {withBaseline - count} more stories in the window are baseline items (first poll of a source), which never alert."
                : $"{measured}. No burst.",
            source, observedAt, Entity, facts, Baseline: baselineOnly)]);
    }
}
