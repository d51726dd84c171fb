using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;
using MonitorBot.Worker.Ingest;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Alerts;

/// <summary>
/// Turns stored observations into alert state changes: after each save it runs the detectors over the
/// affected series (prices, trade) and recent news, applies the lifecycle per fingerprint, and writes the
/// new state, the decision and the routed notifications in one transaction. <see cref="SweepAsync"/> is the
/// periodic pass for reminders, pending timers and monitor health.
/// </summary>
public sealed class AlertEngine(
    IPriceHistory history,
    INewsReader newsReader,
    IFeedStateStore feedStates,
    IAlertStore alerts,
    ISubscriptionStore subscriptions,
    AlertRouter router,
    OutboxSignal outboxSignal,
    AlertWriteLock writeLock,
    IOptionsMonitor<DetectionOptions> detection,
    IOptionsMonitor<FeedsOptions> feeds,
    ILogger<AlertEngine> logger) : IIngestListener
{
    /// <summary>High-severity signal names of the gazetteer (ultimatum, blockade, export controls, border closure, ...).</summary>
    public static IReadOnlySet<string> HighSeveritySignals { get; } = Gazetteer.Entries
        .Where(e => e.Severity == SignalSeverity.High)
        .Select(e => e.Canonical)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public async Task OnIngestedAsync(FeedSourceOptions source, IngestResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signals = new List<Signal>();
        foreach (var series in result.AffectedSeries)
        {
            signals.AddRange(await EvaluateSeriesAsync(series, now, cancellationToken));
        }
        if (result.InsertedNews.Any(n => n.IsRelevant && !n.IsBaseline))
        {
            signals.AddRange(await EvaluateNewsAsync(now, cancellationToken));
        }
        await ApplyAsync(signals, now, cancellationToken);
    }

    public async Task<IReadOnlyList<Signal>> EvaluateSeriesAsync(string series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = detection.CurrentValue;
        if (string.Equals(series, options.Trade.SeriesId, StringComparison.OrdinalIgnoreCase))
        {
            var months = await history.GetTradeMonthsAsync(now.AddYears(-3), now, cancellationToken);
            var firing = await IsFiringAsync(Signal.MakeFingerprint(options.Trade.Id, options.Trade.SeriesId), cancellationToken);
            return TradeCollapseDetector.Evaluate(months, options.Trade, now, firing).Signals;
        }

        var rules = options.RulesFor(series);
        if (rules.Count == 0) return [];
        var lookbackDays = Math.Max(400, rules.Max(r => r.BaselineDays) * 2 + 30);
        var points = await history.GetSeriesAsync(series, now.AddDays(-lookbackDays), now, cancellationToken);
        var firingSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var fp = Signal.MakeFingerprint(rule.Id, series);
            if (await IsFiringAsync(fp, cancellationToken)) firingSet.Add(fp);
        }
        return PriceMoveDetector.EvaluateAll(series, points, options, now, firingSet.Contains).Signals;
    }

    public async Task<IReadOnlyList<Signal>> EvaluateNewsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rule = detection.CurrentValue.News;
        var window = TimeSpan.FromDays(Math.Max(rule.BurstBaselineDays, 1)) + rule.BurstWindow;
        if (rule.SignalWindow > window) window = rule.SignalWindow;
        var items = await newsReader.GetRecentAsync(now - window, now, 0, 5000, cancellationToken);
        var signals = new List<Signal>();
        signals.AddRange(NewsBurstDetector.Evaluate(items, rule, now).Signals);
        signals.AddRange(NewsSignalDetector.Evaluate(items, HighSeveritySignals, rule, now).Signals);
        return signals;
    }

    /// <summary>Reminders, pending timers, expiring news signals and monitor health; run periodically.</summary>
    public async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = detection.CurrentValue;
        var signals = new List<Signal>();

        var states = await feedStates.ListAsync(cancellationToken);
        var configured = feeds.CurrentValue.Sources.Where(s => s.Enabled && feeds.CurrentValue.Enabled)
            .ToDictionary(s => s.Id, s => SourceSchedule.NormalInterval(s, now), StringComparer.OrdinalIgnoreCase);
        signals.AddRange(SourceHealthDetector.Evaluate(states.Where(s => configured.ContainsKey(s.SourceId)).ToList(), configured, options.Health, now).Signals);

        // News signals age out of their window without new items arriving: re-evaluate while any is active.
        var active = await alerts.ListActiveAsync(cancellationToken);
        if (active.Any(a => a.State.Topic == AlertTopics.News)) signals.AddRange(await EvaluateNewsAsync(now, cancellationToken));
        await ApplyAsync(signals, now, cancellationToken);

        var subs = await subscriptions.ListAsync(cancellationToken);
        using var held = await writeLock.AcquireAsync(cancellationToken);
        foreach (var record in await alerts.ListActiveAsync(cancellationToken))
        {
            var outcome = AlertLifecycle.Tick(record.State, now, options.Lifecycle);
            if (outcome.Actions.Count == 0 && !outcome.Changed(record.State)) continue;
            var entries = router.Route(outcome.Actions, outcome.Next?.Source ?? record.State.Source, subs);
            await alerts.ApplyAsync(outcome.Next, outcome.Decision, entries, cancellationToken);
            if (entries.Count > 0) outboxSignal.Notify();
        }
    }

    public async Task ApplyAsync(IReadOnlyList<Signal> signals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (signals.Count == 0) return;
        var lifecycle = detection.CurrentValue.Lifecycle;
        using var held = await writeLock.AcquireAsync(cancellationToken);
        var subs = await subscriptions.ListAsync(cancellationToken);
        foreach (var signal in signals)
        {
            var current = (await alerts.GetAsync(signal.Fingerprint, cancellationToken))?.State;
            if (current is null && signal.Holds
                && (await alerts.GetAsync(AlertAdmin.RuleMuteFingerprint(signal.Rule), cancellationToken))?.State is { } ruleMute
                && ruleMute.IsMuted(now))
            {
                // A rule-wide mute covers fingerprints that did not exist when it was set.
                current = AlertLifecycle.MutePlaceholder(signal.Fingerprint, signal.Rule, signal.Topic, ruleMute.MutedUntil!.Value,
                    ruleMute.MutedBy ?? "admin", ruleMute.MuteReason, now);
            }
            var outcome = AlertLifecycle.Apply(current, signal, now, lifecycle);
            // Nothing known and nothing holding: no row, no log line (a quiet series is the common case).
            if (current is null && outcome.Next is null && outcome.Actions.Count == 0) continue;
            // A firing alert that keeps firing writes nothing new.
            if (outcome.Actions.Count == 0 && !outcome.Changed(current) && outcome.Decision.Code is ReasonCode.AlreadyFiring or ReasonCode.BelowThreshold) continue;
            var entries = router.Route(outcome.Actions, signal.Source, subs);
            await alerts.ApplyAsync(outcome.Next, outcome.Decision, entries, cancellationToken);
            if (entries.Count > 0) outboxSignal.Notify();
            foreach (var action in outcome.Actions)
            {
                var kind = action.Kind.ToString();
                var severity = action.Severity.ToString();
                var code = outcome.Decision.CodeName;
                Log.AlertDecision(logger, kind, severity, action.Title, code);
            }
        }
    }

    private async Task<bool> IsFiringAsync(string fingerprint, CancellationToken cancellationToken) =>
        (await alerts.GetAsync(fingerprint, cancellationToken))?.State.IsFiring ?? false;
}
