using System.Globalization;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Evaluation;

public sealed record AdminResult(bool Ok, string Message, AlertRecord? Alert = null);

/// <summary>What admins do to alerts (ack, mute, unmute, test, why); every change is recorded as a decision.</summary>
public sealed class AlertAdmin(IAlertStore alerts, IAlertChannels channels, IOptionsMonitor<DetectionOptions> detection, AlertRouter router, OutboxSignal signal, AlertWriteLock writeLock, TimeProvider time)
{
    /// <summary>A rule-wide mute is stored as the placeholder fingerprint "rule:*"; new fingerprints of the rule inherit it.</summary>
    public static string RuleMuteFingerprint(string rule) => rule + ":*";

    /// <summary>Whether a fingerprint is a rule-wide mute marker (<see cref="RuleMuteFingerprint"/>), not an alert of its own.</summary>
    public static bool IsRuleMuteMarker(string fingerprint) => fingerprint.EndsWith(":*", StringComparison.Ordinal);

    public async Task<AlertRecord?> ResolveTargetAsync(string target, CancellationToken cancellationToken)
    {
        target = target.Trim();
        if (target.StartsWith('#')) target = target[1..];
        if (long.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return await alerts.GetByIdAsync(id, cancellationToken);
        return await alerts.GetAsync(target, cancellationToken);
    }

    public async Task<AdminResult> AckAsync(long id, string who, CancellationToken cancellationToken)
    {
        using var held = await writeLock.AcquireAsync(cancellationToken);
        var record = await alerts.GetByIdAsync(id, cancellationToken);
        if (record is null) return new AdminResult(false, $"No alert #{id}. Use /alerts list to see the ids.");
        if (!record.State.IsFiring) return new AdminResult(false, $"Alert #{id} is {record.State.Status.ToString().ToLowerInvariant()}, not firing: nothing to acknowledge.", record);
        if (record.State.AckedBy is not null) return new AdminResult(true, $"Alert #{id} was already acknowledged by {record.State.AckedBy}.", record);
        var now = time.GetUtcNow();
        var next = AlertLifecycle.Ack(record.State, who, now);
        var stored = await alerts.ApplyAsync(next, new Decision(next.Fingerprint, ReasonCode.Acknowledged, $"acknowledged by {who}: no more reminders", now), [], cancellationToken);
        return new AdminResult(true, $"Alert #{id} acknowledged by {who}: no more reminders for this episode.", stored);
    }

    public async Task<AdminResult> MuteAsync(string target, TimeSpan duration, string who, string reason, CancellationToken cancellationToken)
    {
        using var held = await writeLock.AcquireAsync(cancellationToken);
        var now = time.GetUtcNow();
        var until = now + duration;
        var record = await ResolveTargetAsync(target, cancellationToken);
        AlertState next;
        string what;
        if (record is not null)
        {
            next = AlertLifecycle.Mute(record.State, until, who, reason);
            what = $"alert #{record.Id} ({record.State.Fingerprint})";
        }
        else if (target.Contains(':', StringComparison.Ordinal))
        {
            var rule = target[..target.IndexOf(':', StringComparison.Ordinal)];
            next = AlertLifecycle.MutePlaceholder(target.Trim(), rule, TopicOfRule(rule), until, who, reason, now);
            what = $"'{target.Trim()}' (no alert yet: it starts muted)";
        }
        else if (IsKnownRule(target))
        {
            var rule = target.Trim();
            next = AlertLifecycle.MutePlaceholder(RuleMuteFingerprint(rule), rule, TopicOfRule(rule), until, who, reason, now);
            what = $"rule '{rule}' (every alert of it, including new ones)";
            // Existing alerts of the rule are muted too.
            foreach (var existing in (await alerts.ListAsync(new AlertListQuery(Limit: 500), cancellationToken)).Where(a => a.State.Rule == rule))
            {
                var muted = AlertLifecycle.Mute(existing.State, until, who, reason);
                await alerts.ApplyAsync(muted, new Decision(muted.Fingerprint, ReasonCode.Muted, $"muted with rule {rule} by {who} until {until:yyyy-MM-dd HH:mm} UTC: {reason}", now), [], cancellationToken);
            }
        }
        else
        {
            return new AdminResult(false, $"'{target}' is neither an alert id, a fingerprint (rule:series) nor a known rule id.");
        }
        var stored = await alerts.ApplyAsync(next, new Decision(next.Fingerprint, ReasonCode.Muted, $"muted by {who} until {until:yyyy-MM-dd HH:mm} UTC: {reason}", now), [], cancellationToken);
        return new AdminResult(true, $"Muted {what} until {until:yyyy-MM-dd HH:mm} UTC. Reason: {reason}", stored);
    }

    public async Task<AdminResult> UnmuteAsync(string target, string who, CancellationToken cancellationToken)
    {
        using var held = await writeLock.AcquireAsync(cancellationToken);
        var record = await ResolveTargetAsync(target, cancellationToken) ?? await alerts.GetAsync(RuleMuteFingerprint(target.Trim()), cancellationToken);
        if (record is null) return new AdminResult(false, $"Nothing named '{target}' is muted.");
        var now = time.GetUtcNow();
        if (!record.State.IsMuted(now)) return new AdminResult(true, $"#{record.Id} ({record.State.Fingerprint}) is not muted.", record);
        var next = AlertLifecycle.Unmute(record.State);
        var stored = await alerts.ApplyAsync(next, new Decision(next.Fingerprint, ReasonCode.Muted, $"unmuted by {who}", now), [], cancellationToken);
        return new AdminResult(true, $"Unmuted #{record.Id} ({record.State.Fingerprint}).", stored);
    }

    /// <summary>Queues a test alert through the outbox to the alert channel (or the console without a token).</summary>
    public async Task<AdminResult> TestAsync(string who, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var channel = channels.AlertChannelId;
        var destination = router.DiscordEnabled
            ? (string.IsNullOrWhiteSpace(channel) ? null : AlertRouter.DiscordDestination(channel))
            : AlertRouter.Console;
        if (destination is null) return new AdminResult(false, "Discord:AlertChannelId is not set: there is no alert channel to test.");
        var fingerprint = "test:delivery";
        var state = new AlertState(fingerprint, "test", AlertTopics.Health, AlertStatus.Resolved, AlertSeverity.Info,
            "Test alert", $"Sent by {who} with /alerts test to check delivery.", "monitorbot", now, null, now, now, now,
            null, null, null, null, null, 1, 0);
        var entry = new OutboxEntry(NotifyKind.Fired, destination, null, AlertTopics.Health, AlertSeverity.Info, state.Title, state.Reason, state.Source, now);
        var stored = await alerts.ApplyAsync(state, new Decision(fingerprint, ReasonCode.Fired, $"test alert queued by {who}", now), [entry], cancellationToken);
        signal.Notify();
        var where = destination == AlertRouter.Console ? "the console" : $"<#{channel}>";
        return new AdminResult(true, $"Test alert queued for {where} (alert #{stored?.Id}); it is delivered through the outbox like any alert.", stored);
    }

    public async Task<(AlertRecord? Alert, IReadOnlyList<Decision> Decisions)> WhyAsync(string target, CancellationToken cancellationToken)
    {
        var record = await ResolveTargetAsync(target, cancellationToken);
        var fingerprint = record?.State.Fingerprint ?? target.Trim();
        return (record, await alerts.GetDecisionsAsync(fingerprint, 10, cancellationToken));
    }

    private bool IsKnownRule(string rule)
    {
        var o = detection.CurrentValue;
        var known = o.EffectivePriceRules.Select(r => r.Id).Concat([o.Trade.Id, o.News.BurstRuleId, o.News.SignalRuleId, o.Health.Id]);
        return known.Contains(rule.Trim(), StringComparer.Ordinal);
    }

    private static string TopicOfRule(string rule) =>
        rule.StartsWith("price", StringComparison.Ordinal) ? AlertTopics.Price
        : rule.StartsWith("trade", StringComparison.Ordinal) ? AlertTopics.Trade
        : rule.StartsWith("news", StringComparison.Ordinal) ? AlertTopics.News
        : AlertTopics.Health;
}
