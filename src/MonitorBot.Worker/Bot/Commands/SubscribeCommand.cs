using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/subscribe channel topics [min-severity] [mention-role] (admins): alert routing per channel.</summary>
public sealed class SubscribeCommand(ISubscriptionStore subscriptions, IConfigAudit audit, TimeProvider time) : ICommandModule
{
    private static readonly AlertSeverity[] Severities = [AlertSeverity.Info, AlertSeverity.Warning, AlertSeverity.Critical];

    public CommandDefinition Definition { get; } = new("subscribe", "Send alerts of some topics to a channel (admins).")
    {
        AdminOnly = true,
        Ephemeral = true,
        Options =
        [
            CommandOptions.ChannelOption("channel", "The channel", required: true),
            CommandOptions.Str("topics", "Comma-separated: price, trade, news, health (or all)", required: true, maxLength: 100),
            CommandOptions.Str("min-severity", "Lowest severity sent (default warning)",
                choices: [.. Severities.Select(s => s.ToString().ToLowerInvariant()).Select(s => ApplicationCommandOptionChoice.String(s, s))]),
            CommandOptions.RoleOption("mention-role", "A role to mention on these alerts"),
        ],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var channel = context.GetChannelId("channel") ?? throw new InteractionOptionException("channel is required.");
        var (topics, topicError) = ParseTopics(context.RequireString("topics"));
        if (topicError is not null) return InteractionResponse.Error(topicError);
        var minText = context.GetString("min-severity");
        var min = minText is null ? AlertSeverity.Warning : ParseSeverity(minText);
        if (min is null) return InteractionResponse.Error("min-severity must be info, warning or critical.");
        var role = context.GetRoleId("mention-role");
        var mentions = new Dictionary<AlertSeverity, string>();
        if (role is not null)
        {
            // The role is pinged for the subscription's minimum severity and above.
            foreach (var s in Severities.Where(s => s >= min)) mentions[s] = role;
        }
        var now = time.GetUtcNow();
        var who = CommandReplies.Who(context);
        var before = (await subscriptions.ListAsync(cancellationToken)).FirstOrDefault(s => s.ChannelId == channel);
        await subscriptions.UpsertAsync(new AlertSubscription(channel, topics!, min.Value, mentions, who, now), cancellationToken);
        await audit.AppendAsync([new ConfigAuditEntry(0, now, who, ConfigOrigins.Discord, $"Subscriptions:{channel}",
            before is null ? null : $"{string.Join(",", before.Topics)} ≥ {before.MinSeverity}", $"{string.Join(",", topics!)} ≥ {min}{(role is null ? "" : $" @{role}")}", "/subscribe")],
            cancellationToken);
        return CommandReplies.Ok("Subscribed",
            $"<#{channel}> now receives {string.Join(", ", topics!)} alerts of severity {min} and above{(role is null ? "" : $", mentioning <@&{role}>")}.");
    }

    public static AlertSeverity? ParseSeverity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    /// <summary>"price, news" or "all" (also for /unsubscribe); the error names the unknown topics.</summary>
    public static (IReadOnlyList<string>? Topics, string? Error) ParseTopics(string text)
    {
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).Distinct().ToList();
        if (parts.Count == 1 && parts[0] == "all") return (AlertTopics.All, null);
        var unknown = parts.Where(p => !AlertTopics.All.Contains(p)).ToList();
        if (parts.Count == 0 || unknown.Count > 0)
            return (null, $"topics must be a comma-separated list of {string.Join(", ", AlertTopics.All)} (or all){(unknown.Count > 0 ? $"; unknown: {BotMessages.Trim(string.Join(", ", unknown), 100)}" : "")}.");
        return (parts, null);
    }
}
