using MonitorBot.Application.Evaluation;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;

namespace MonitorBot.Application.Queries;

/// <summary>One alert as <c>monitorbot alerts list</c> and <c>/alerts list</c> show it.</summary>
/// <param name="Flags">Its status, then "peak critical" when it peaked above its severity, "acked by …", "muted until …".</param>
/// <param name="Since">When the episode fired (or went pending, or was first seen).</param>
/// <param name="Delivery">Its Discord messages (delivered, pending, abandoned), when it has any.</param>
public sealed record AlertRow(AlertRecord Alert, IReadOnlyList<string> Flags, DateTimeOffset Since, DeliverySummary? Delivery);

/// <summary>The one read of the alert list for the CLI and the bot: newest first, without rule-wide mute markers.</summary>
public sealed class AlertsQuery(IAlertStore alerts, IOutbox outbox, TimeProvider time)
{
    /// <summary>The status words both front ends accept, in the order they are offered.</summary>
    public static IReadOnlyList<string> StatusWords { get; } = ["active", "firing", "pending", "resolved", "all"];

    /// <summary>The statuses a word stands for ("active" = pending and firing; "all" = null, every status); false for an unknown word.</summary>
    public static bool TryStatuses(string word, out IReadOnlyList<AlertStatus>? statuses)
    {
        statuses = (word ?? "").Trim().ToLowerInvariant() switch
        {
            "active" => [AlertStatus.Pending, AlertStatus.Firing],
            "firing" => [AlertStatus.Firing],
            "pending" => [AlertStatus.Pending],
            "resolved" => [AlertStatus.Resolved],
            "all" => null,
            _ => [],
        };
        return statuses is not { Count: 0 };
    }

    /// <summary>At most <paramref name="limit"/> alerts with those statuses (null = all), with their flags and delivery, in one read each.</summary>
    public async Task<IReadOnlyList<AlertRow>> ListAsync(IReadOnlyList<AlertStatus>? statuses, int limit, CancellationToken cancellationToken)
    {
        var records = (await alerts.ListAsync(new AlertListQuery(statuses, Limit: limit), cancellationToken))
            .Where(a => !AlertAdmin.IsRuleMuteMarker(a.State.Fingerprint)).ToList();
        var delivery = await outbox.GetDeliveryAsync([.. records.Select(r => r.Id)], cancellationToken);
        var now = time.GetUtcNow();
        return [.. records.Select(a => new AlertRow(a, Flags(a.State, now), a.State.FiredAt ?? a.State.PendingSince ?? a.State.FirstSeen, delivery.GetValueOrDefault(a.Id)))];
    }

    private static List<string> Flags(AlertState s, DateTimeOffset now)
    {
        var flags = new List<string> { s.Status.ToString().ToLowerInvariant() };
        if (s.Peak > s.Severity) flags.Add($"peak {s.Peak.ToString().ToLowerInvariant()}");
        if (s.AckedBy is not null) flags.Add($"acked by {s.AckedBy}");
        if (s.IsMuted(now)) flags.Add($"muted until {StatusFormat.DateTime(s.MutedUntil!.Value)}");
        return flags;
    }
}
