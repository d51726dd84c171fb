using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Application.Ingest;
using MonitorBot.Application.Logging;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Evaluation;

/// <summary>What one evaluation pass did.</summary>
/// <param name="Writes">Logged writes consumed (0 when nothing was pending).</param>
/// <param name="Series">Series evaluated.</param>
/// <param name="Actions">Notifications queued (each routed to its destinations in the outbox).</param>
/// <param name="Decisions">Every decision recorded.</param>
public sealed record EvaluationPass(int Writes, IReadOnlyList<string> Series, IReadOnlyList<AlertAction> Actions, IReadOnlyList<Decision> Decisions)
{
    public static readonly EvaluationPass Nothing = new(0, [], [], []);
}

/// <summary>
/// Turns stored observations into alert state changes. Evaluation is driven by what is persisted: every writer
/// logs what it changed in its own transaction (ingest_log), and <see cref="EvaluatePendingAsync"/> consumes that
/// log in a write session that holds the database's write lock, runs the detectors over the series the writes
/// touched (and recent news), applies the lifecycle per fingerprint, and saves the new states, the decisions, the
/// routed notifications and its cursor in one transaction. So every write is evaluated exactly once, whoever wrote
/// it (a worker poll, <c>price add</c>, another process), a crash between a save and its evaluation is caught up
/// at the next pass, and two processes never fire twice. <see cref="SweepAsync"/> is the periodic pass for
/// reminders, pending timers and monitor health.
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
    ISourceCatalog sources,
    ILogger<AlertEngine> logger) : IIngestListener
{
    /// <summary>How far back a price series is read for one evaluation, at least (baseline and z-score windows need less).</summary>
    public static readonly TimeSpan MinPriceLookback = TimeSpan.FromDays(400);

    /// <summary>Monthly import totals read for one evaluation (y/y and the trailing window need 13 + TrailingMonths).</summary>
    public const int TradeMonthsRead = 40;

    private DateTimeOffset? _monitoringSince;

    /// <summary>High-severity signal names of the gazetteer (ultimatum, blockade, export controls, border closure, ...).</summary>
    public static IReadOnlySet<string> HighSeveritySignals { get; } = Gazetteer.Entries
        .Where(e => e.Severity == SignalSeverity.High)
        .Select(e => e.Canonical)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>After a poll saved something: evaluate what is pending (this save, and anything another process wrote).</summary>
    public async Task OnIngestedAsync(FeedSourceOptions source, IngestResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (result.AffectedSeries.Count == 0 && result.InsertedNews.Count == 0) return;
        await EvaluatePendingAsync(now, cancellationToken);
    }

    /// <summary>
    /// Consumes the writes logged since the cursor: evaluates each touched series once (as of <paramref name="now"/>, on its
    /// newest data) and the news when relevant items arrived, then commits decisions, outbox and cursor together.
    /// With <paramref name="everything"/> every rule is evaluated whatever the log says (at start and after a
    /// change of thresholds), and the cursor still moves.
    /// </summary>
    public async Task<EvaluationPass> EvaluatePendingAsync(DateTimeOffset now, CancellationToken cancellationToken, bool everything = false)
    {
        using var held = await writeLock.AcquireAsync(cancellationToken);
        await using var session = await alerts.BeginWriteAsync(cancellationToken);
        var backlog = await session.ReadBacklogAsync(cancellationToken);
        if (backlog.IsEmpty && !everything) return EvaluationPass.Nothing;

        IReadOnlyList<string> series = backlog.Series;
        var news = backlog.RelevantNews > 0;
        if (everything)
        {
            series = await AllRuledSeriesAsync(cancellationToken);
            news = true;
        }

        var signals = new List<Signal>();
        foreach (var id in series)
        {
            try
            {
                signals.AddRange(await EvaluateSeriesAsync(session, id, now, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One series that cannot be evaluated (a detector bug on odd data) must not hold back the others forever.
                Log.Unexpected(logger, ex, $"{nameof(AlertEngine)} ({id})");
            }
        }
        if (news) signals.AddRange(await EvaluateNewsAsync(now, cancellationToken));

        var (actions, decisions) = await ApplyAsync(session, signals, now, cancellationToken);
        if (!backlog.IsEmpty) await session.AdvanceCursorAsync(backlog.Head, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (actions.Count > 0) outboxSignal.Notify();
        Log.Evaluated(logger, backlog.Writes, series.Count, actions.Count, backlog.Head);
        return new EvaluationPass(backlog.Writes, series, actions, decisions);
    }

    /// <summary>Applies signals directly (outside the log), in their own write session: admin tools and tests.</summary>
    public async Task<EvaluationPass> ApplyAsync(IReadOnlyList<Signal> signals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var held = await writeLock.AcquireAsync(cancellationToken);
        await using var session = await alerts.BeginWriteAsync(cancellationToken);
        var (actions, decisions) = await ApplyAsync(session, signals, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (actions.Count > 0) outboxSignal.Notify();
        return new EvaluationPass(0, [], actions, decisions);
    }

    private async Task<IReadOnlyList<Signal>> EvaluateSeriesAsync(IAlertWriteSession session, string series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = detection.CurrentValue;
        if (string.Equals(series, options.Trade.SeriesId, StringComparison.OrdinalIgnoreCase))
        {
            var months = await history.GetLatestTradeMonthsAsync(now, TradeMonthsRead, cancellationToken);
            var state = (await session.GetAsync(Signal.MakeFingerprint(options.Trade.Id, options.Trade.SeriesId), cancellationToken))?.State;
            return TradeCollapseDetector.Evaluate(months, options.Trade, now, state is { IsFiring: true } ? state.Severity : null).Signals;
        }

        var rules = options.RulesFor(series);
        if (rules.Count == 0) return [];
        var lookback = TimeSpan.FromDays(Math.Max(MinPriceLookback.TotalDays, rules.Max(r => r.BaselineDays) * 2 + 30));
        var points = await history.GetSeriesTailAsync(series, now, lookback, cancellationToken);
        var firingSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var fp = Signal.MakeFingerprint(rule.Id, series);
            if ((await session.GetAsync(fp, cancellationToken))?.State.IsFiring == true) firingSet.Add(fp);
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
        _monitoringSince ??= now;
        var signals = new List<Signal>();

        var states = await feedStates.ListAsync(cancellationToken);
        var configured = sources.EnabledCadences(now);
        signals.AddRange(SourceHealthDetector.Evaluate(states.Where(s => configured.ContainsKey(s.SourceId)).ToList(), configured, options.Health, now, _monitoringSince).Signals);

        using var held = await writeLock.AcquireAsync(cancellationToken);
        await using var session = await alerts.BeginWriteAsync(cancellationToken);
        // News signals age out of their window without new items arriving: re-evaluate while any is active.
        var active = await session.ListActiveAsync(cancellationToken);
        if (active.Any(a => a.State.Topic == AlertTopics.News)) signals.AddRange(await EvaluateNewsAsync(now, cancellationToken));
        var (actions, _) = await ApplyAsync(session, signals, now, cancellationToken);
        var queued = actions.Count;

        var subs = await subscriptions.ListAsync(cancellationToken);
        foreach (var record in await session.ListActiveAsync(cancellationToken))
        {
            var outcome = AlertLifecycle.Tick(record.State, now, options.Lifecycle);
            if (outcome.Actions.Count == 0 && !outcome.Changed(record.State)) continue;
            var entries = router.Route(outcome.Actions, outcome.Next?.Source ?? record.State.Source, subs);
            await session.ApplyAsync(outcome.Next, outcome.Decision, entries, cancellationToken);
            queued += entries.Count;
        }
        await session.CommitAsync(cancellationToken);
        if (queued > 0) outboxSignal.Notify();
    }

    /// <summary>Applies signals in the caller's session (its transaction commits them); returns the notifications and decisions.</summary>
    private async Task<(List<AlertAction> Actions, List<Decision> Decisions)> ApplyAsync(IAlertWriteSession session, IReadOnlyList<Signal> signals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actions = new List<AlertAction>();
        var decisions = new List<Decision>();
        if (signals.Count == 0) return (actions, decisions);
        var lifecycle = detection.CurrentValue.Lifecycle;
        var subs = await subscriptions.ListAsync(cancellationToken);
        foreach (var signal in signals)
        {
            var current = (await session.GetAsync(signal.Fingerprint, cancellationToken))?.State;
            if (current is null && signal.Holds
                && (await session.GetAsync(AlertAdmin.RuleMuteFingerprint(signal.Rule), cancellationToken))?.State is { } ruleMute
                && ruleMute.IsMuted(now))
            {
                // A rule-wide mute covers fingerprints that did not exist when it was set.
                current = AlertLifecycle.MutePlaceholder(signal.Fingerprint, signal.Rule, signal.Topic, ruleMute.MutedUntil!.Value,
                    ruleMute.MutedBy ?? "admin", ruleMute.MuteReason, now);
            }
            var outcome = AlertLifecycle.Apply(current, signal, now, lifecycle);
            // Nothing known and nothing holding: no row, no log line (a quiet series is the common case).
            if (current is null && outcome.Next is null && outcome.Actions.Count == 0) continue;
            // A firing alert that keeps firing with the same figures writes nothing new.
            if (outcome.Actions.Count == 0 && !outcome.Changed(current) && outcome.Decision.Code is ReasonCode.AlreadyFiring or ReasonCode.BelowThreshold) continue;
            var entries = router.Route(outcome.Actions, signal.Source, subs);
            await session.ApplyAsync(outcome.Next, outcome.Decision, entries, cancellationToken);
            decisions.Add(outcome.Decision);
            foreach (var action in outcome.Actions)
            {
                actions.Add(action);
                var kind = action.Kind.ToString();
                var severity = action.Severity.ToString();
                var code = outcome.Decision.CodeName;
                Log.AlertDecision(logger, kind, severity, action.Title, code);
            }
        }
        return (actions, decisions);
    }

    private async Task<IReadOnlyList<string>> AllRuledSeriesAsync(CancellationToken cancellationToken)
    {
        var options = detection.CurrentValue;
        var all = (await history.ListSeriesAsync(cancellationToken)).Select(s => s.SeriesId)
            .Where(id => options.RulesFor(id).Count > 0)
            .ToList();
        all.Add(options.Trade.SeriesId);
        return all;
    }
}
