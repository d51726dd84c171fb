using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// Monitor health (topic "health", routed to admins): one signal per feed, fingerprint "source-health:{source id}".
/// Disabled → critical (its reason kept); degraded → warning; stale (no success for more than
/// StaleFactor × the expected cadence) → warning, critical beyond StaleCriticalFactor × cadence.
/// A source never polled (New) or without a known cadence is not tested for staleness, nor is any source before it has
/// had one cadence plus <see cref="HealthRuleOptions.StartupGrace"/> to poll after the monitor started (a restart after
/// downtime is not a stale feed). Pure.
/// </summary>
public static class SourceHealthDetector
{
    /// <param name="expectedCadence">Expected poll interval per source id (case-insensitive lookup).</param>
    public static DetectorResult Evaluate(
        IReadOnlyList<FeedState> feeds,
        IReadOnlyDictionary<string, TimeSpan> expectedCadence,
        HealthRuleOptions rule,
        DateTimeOffset now,
        DateTimeOffset? monitoringSince = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(expectedCadence);
        ArgumentNullException.ThrowIfNull(rule);

        var signals = new List<Signal>(feeds.Count);
        foreach (var feed in feeds.Where(f => f is not null).OrderBy(f => f.SourceId, StringComparer.Ordinal))
        {
            signals.Add(EvaluateOne(feed, CadenceOf(expectedCadence, feed.SourceId), rule, now, monitoringSince));
        }

        return new DetectorResult(signals);
    }

    private static Signal EvaluateOne(FeedState feed, TimeSpan? cadence, HealthRuleOptions rule, DateTimeOffset now, DateTimeOffset? monitoringSince)
    {
        var fingerprint = Signal.MakeFingerprint(rule.Id, feed.SourceId);
        var problems = new List<string>();
        AlertSeverity? severity = null;
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["status"] = feed.Status.ToString(),
            ["kind"] = feed.Kind,
            ["consecutive_failures"] = feed.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
        };
        if (feed.LastSuccess is { } ls)
        {
            facts["last_success"] = Format.Iso(ls);
        }

        if (feed.LastError is not null)
        {
            facts["last_error"] = feed.LastError;
        }

        switch (feed.Status)
        {
            case FeedStatus.Disabled:
                severity = AlertSeverity.Critical;
                problems.Add($"disabled: {feed.StatusReason ?? feed.LastError ?? "no reason recorded"}");
                break;
            case FeedStatus.Degraded:
                severity = AlertSeverity.Warning;
                problems.Add($"degraded after {feed.ConsecutiveFailures} consecutive failure(s){(feed.LastError is null ? "" : $": {feed.LastError}")}");
                break;
            default:
                break;
        }

        if (cadence is { } c && c > TimeSpan.Zero && feed.Status != FeedStatus.New && feed.Status != FeedStatus.Disabled)
        {
            facts["cadence"] = Format.Span(c);
            var since = feed.LastSuccess;
            var checkFrom = monitoringSince is { } started ? started + c + rule.StartupGrace : (DateTimeOffset?)null;
            if (checkFrom is { } from && now < from)
            {
                facts["stale_check_from"] = Format.Iso(from);
            }
            else if (since is { } s)
            {
                var age = now - s;
                facts["age_hours"] = Format.Fixed(age.TotalHours, 1);
                if (age > c * rule.StaleFactor)
                {
                    var staleSeverity = age > c * rule.StaleCriticalFactor ? AlertSeverity.Critical : AlertSeverity.Warning;
                    severity = severity is null || staleSeverity > severity ? staleSeverity : severity;
                    problems.Add($"stale: last success {Format.Span(age)} ago at {Format.Time(s)}, expected every {Format.Span(c)} "
                        + $"(stale beyond {Format.Num(rule.StaleFactor)}×)");
                }
            }
        }

        var observedAt = feed.LastAttempt ?? feed.LastSuccess ?? now;
        if (severity is null)
        {
            var last = feed.LastSuccess is { } ok ? $"last success {Format.Time(ok)}" : "no success yet";
            return new Signal(fingerprint, rule.Id, AlertTopics.Health, null, 0, $"Source {feed.SourceId} healthy",
                $"{feed.SourceId} ({feed.Kind}) {feed.Status}, {last}.", feed.SourceId, observedAt, feed.SourceId, facts);
        }

        var title = feed.Status == FeedStatus.Disabled ? "disabled" : problems.Count > 1 ? "degraded and stale" : feed.Status == FeedStatus.Degraded ? "degraded" : "stale";
        return new Signal(fingerprint, rule.Id, AlertTopics.Health, severity, severity == AlertSeverity.Critical ? 1 : 0.5,
            $"Source {feed.SourceId} {title}",
            $"{feed.SourceId} ({feed.Kind}): {string.Join("; ", problems)}.", feed.SourceId, observedAt, feed.SourceId, facts);
    }

    private static TimeSpan? CadenceOf(IReadOnlyDictionary<string, TimeSpan> cadence, string sourceId)
    {
        if (cadence.TryGetValue(sourceId, out var c))
        {
            return c;
        }

        foreach (var (key, value) in cadence)
        {
            if (string.Equals(key, sourceId, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
