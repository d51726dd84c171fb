using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// High-severity news signals (ultimatum, blockade, export ban, border closure, mine shutdown, capture of
/// Bhamo, ...): relevant items in the last SignalWindow whose entities name a signal. One independent
/// outlet → warning; SignalCriticalSources (2) or more → critical. Independence: copies of one wire story
/// (same title key) count once, for the outlet that carried it first; outlets are the item's Outlet, else
/// the host of its canonical URL. Baseline items never alert. One signal per high-severity name, always
/// (clear when nothing reports it), so firing alerts resolve when the window passes.
/// </summary>
/// <remarks>
/// The fingerprint is "news-signal:{signal}" (e.g. "news-signal:ultimatum"): keyed by the signal only, not by
/// place, so that reports of one event that do or do not name the place corroborate each other. The main
/// place/actor entity of the reports is given in the title and in Facts["entity"].
/// </remarks>
public static class NewsSignalDetector
{
    /// <param name="items">Recent news items (at least SignalWindow back), any order.</param>
    /// <param name="highSeveritySignals">Canonical names of the high-severity signals as they appear in <see cref="NewsItem.Entities"/>
    /// (from the gazetteer); matched case-insensitively.</param>
    public static DetectorResult Evaluate(
        IReadOnlyList<NewsItem> items,
        IEnumerable<string> highSeveritySignals,
        NewsRuleOptions rule,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(highSeveritySignals);
        ArgumentNullException.ThrowIfNull(rule);

        var signalNames = highSeveritySignals
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(s => s, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var signalSet = new HashSet<string>(signalNames, StringComparer.OrdinalIgnoreCase);
        var windowStart = now - rule.SignalWindow;
        var recent = items
            .Where(i => i is not null && i.IsRelevant && i.EffectiveTime <= now && i.EffectiveTime > windowStart && i.Entities is not null)
            .ToList();

        var signals = new List<Signal>(signalNames.Count);
        foreach (var name in signalNames)
        {
            signals.Add(EvaluateOne(name, recent.Where(i => i.Entities.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList(),
                signalSet, rule, now));
        }

        return new DetectorResult(signals);
    }

    private static Signal EvaluateOne(string name, List<NewsItem> reports, HashSet<string> signalSet, NewsRuleOptions rule, DateTimeOffset now)
    {
        var slug = Format.Slug(name);
        var fingerprint = Signal.MakeFingerprint(rule.SignalRuleId, slug);
        var live = reports.Where(i => !i.IsBaseline).ToList();

        // One report per story (the first copy), then distinct outlets.
        var stories = live
            .GroupBy(NewsEvidence.StoryKey, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => i.EffectiveTime).ThenBy(i => i.CanonicalUrl, StringComparer.Ordinal).First())
            .OrderBy(i => i.EffectiveTime)
            .ToList();
        var outlets = stories.Select(NewsEvidence.OutletOf).Distinct(StringComparer.Ordinal).ToList();
        var entity = reports
            .SelectMany(i => i.Entities)
            .Where(e => !signalSet.Contains(e))
            .GroupBy(e => e, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["signal"] = name,
            ["reports"] = live.Count.ToString(CultureInfo.InvariantCulture),
            ["stories"] = stories.Count.ToString(CultureInfo.InvariantCulture),
            ["outlets"] = string.Join(",", outlets),
            ["independent_sources"] = outlets.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (entity is not null)
        {
            facts["entity"] = entity;
        }

        if (stories.Count > 0)
        {
            facts["first_url"] = stories[0].CanonicalUrl;
            facts["first_title"] = stories[0].Title;
        }

        var about = entity is null ? "" : $" ({entity})";
        var window = Format.Span(rule.SignalWindow);
        if (outlets.Count == 0)
        {
            var baseline = reports.Count > 0;
            return new Signal(fingerprint, rule.SignalRuleId, AlertTopics.News, null, 0, $"News signal: {name}{about}",
                baseline
                    ? $"'{name}' appears only in {reports.Count} baseline item(s) (first poll of a source) in the last {window}: baseline items never alert."
                    : $"no relevant report of '{name}' in the last {window}.",
                "", now, slug, facts, Baseline: baseline);
        }

        var critical = outlets.Count >= rule.SignalCriticalSources;
        var severity = critical ? AlertSeverity.Critical : AlertSeverity.Warning;
        var score = Math.Clamp((double)outlets.Count / rule.SignalCriticalSources, 0, 1);
        var copies = live.Count - stories.Count;
        var copiesText = copies > 0 ? $"; {copies} wire cop{(copies == 1 ? "y" : "ies")} of the same stor{(stories.Count == 1 ? "y" : "ies")} not counted" : "";
        var newest = stories.Max(i => i.EffectiveTime);
        return new Signal(fingerprint, rule.SignalRuleId, AlertTopics.News, severity, score,
            $"News signal: {name}{about}, {outlets.Count} independent source{(outlets.Count == 1 ? "" : "s")}",
            $"'{name}' reported by {outlets.Count} independent outlet(s) in the last {window} ({string.Join(", ", outlets)}){copiesText}; "
            + (critical
                ? $"critical at ≥ {rule.SignalCriticalSources} independent sources. First: \"{stories[0].Title}\"."
                : $"warning until a second independent source reports it. \"{stories[0].Title}\"."),
            string.Join(", ", outlets), newest, slug, facts);
    }
}
