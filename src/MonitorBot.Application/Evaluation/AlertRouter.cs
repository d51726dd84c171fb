using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Evaluation;

/// <summary>
/// Decides where each notification goes. Without a Discord token: the console. With one: the alert channel
/// for market topics, the admin channel for monitor health, and every channel subscribed to the topic at or
/// above its minimum severity (with the role it asks to mention for that severity). One destination once.
/// </summary>
public sealed class AlertRouter(IAlertChannels channels, IOptionsMonitor<AlertRoutingOptions> routing)
{
    public const string Console = "console";
    public const string DiscordPrefix = "discord:";

    public static string DiscordDestination(string channelId) => DiscordPrefix + channelId;

    public bool DiscordEnabled => channels.ChatEnabled;

    public IReadOnlyList<OutboxEntry> Route(IReadOnlyList<AlertAction> actions, string source, IReadOnlyList<AlertSubscription> subscriptions) =>
        actions.SelectMany(a => Route(a, source, subscriptions)).ToList();

    /// <param name="source">Where the evidence came from (the alert state's source), shown on the message.</param>
    public IReadOnlyList<OutboxEntry> Route(AlertAction action, string source, IReadOnlyList<AlertSubscription> subscriptions)
    {
        OutboxEntry Entry(string destination, string? mention) =>
            new(action.Kind, destination, mention, action.Topic, action.Severity, action.Title, action.Reason, source, action.At);

        if (!DiscordEnabled) return [Entry(Console, null)];

        var alertChannel = channels.AlertChannelId;
        var r = routing.CurrentValue;
        var entries = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        if (action.Topic == AlertTopics.Health)
        {
            var admin = string.IsNullOrWhiteSpace(r.AdminChannelId) ? alertChannel : r.AdminChannelId;
            if (!string.IsNullOrWhiteSpace(admin)) entries[DiscordDestination(admin)] = Entry(DiscordDestination(admin), null);
        }
        else if (!string.IsNullOrWhiteSpace(alertChannel) && r.AlertChannelTopics.Contains(action.Topic) && action.Severity >= r.AlertChannelMinSeverity)
        {
            entries[DiscordDestination(alertChannel)] = Entry(DiscordDestination(alertChannel), null);
        }
        foreach (var s in subscriptions)
        {
            if (!s.Topics.Contains(action.Topic) || action.Severity < s.MinSeverity) continue;
            s.MentionRoles.TryGetValue(action.Severity, out var role);
            // A resolution edits the original message and a step down is good news: never ping for them.
            entries[DiscordDestination(s.ChannelId)] = Entry(DiscordDestination(s.ChannelId), action.Kind is NotifyKind.Resolved or NotifyKind.Deescalated ? null : role);
        }
        return entries.Values.ToList();
    }
}
