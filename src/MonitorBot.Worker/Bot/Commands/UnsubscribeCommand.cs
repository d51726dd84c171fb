using MonitorBot.Core.Ports;
using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/unsubscribe channel [topics] (admins): stop some (or all) alerts going to a channel.</summary>
public sealed class UnsubscribeCommand(ISubscriptionStore subscriptions, IConfigAudit audit, TimeProvider time) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("unsubscribe", "Stop sending alerts to a channel (admins).")
    {
        AdminOnly = true,
        Ephemeral = true,
        Options = [CommandOptions.ChannelOption("channel", "The channel", required: true), CommandOptions.Str("topics", "Only these topics (default all)", maxLength: 100)],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var channel = context.GetChannelId("channel") ?? throw new InteractionOptionException("channel is required.");
        IReadOnlyList<string>? topics = null;
        if (context.GetString("topics") is { } text)
        {
            var (parsed, error) = SubscribeCommand.ParseTopics(text);
            if (error is not null) return InteractionResponse.Error(error);
            topics = parsed;
        }
        var now = time.GetUtcNow();
        var changed = await subscriptions.RemoveAsync(channel, topics, cancellationToken);
        if (!changed) return CommandReplies.Ok("Nothing to remove", $"<#{channel}> had no such subscription.");
        await audit.AppendAsync([new ConfigAuditEntry(0, now, CommandReplies.Who(context), ConfigOrigins.Discord, $"Subscriptions:{channel}",
            topics is null ? "all" : string.Join(",", topics), null, "/unsubscribe")], cancellationToken);
        return CommandReplies.Ok("Unsubscribed", $"<#{channel}> no longer receives {(topics is null ? "any" : string.Join(", ", topics))} alerts.");
    }
}
