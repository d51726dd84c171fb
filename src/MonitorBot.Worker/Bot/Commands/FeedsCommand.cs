using MonitorBot.Core.Status;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Interactions;
using MonitorBot.Feeds.Transport;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/feeds: the health of every source (the same read path as `monitorbot feeds`).</summary>
public sealed class FeedsCommand(FeedsQuery feeds) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("feeds", "Health of every source: status, last success, last error.");

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var rows = await feeds.ListAsync(cancellationToken);
        if (rows.Count == 0) return InteractionResponse.Reply(BotMessages.Text("Sources", "No sources configured."));
        var embed = new EmbedBuilder().WithTitle("Sources").WithColor(rows.Any(r => r.Status is "disabled" or "degraded") ? BotMessages.Orange : BotMessages.Green);
        foreach (var r in rows.Take(25))
        {
            // Public reply: any URL in the text shows host and path only (no user-info, no query).
            var error = UrlRedaction.RedactText(r.Status == "disabled" ? r.Reason : r.LastError) is { Length: > 0 } e ? e : null;
            embed.AddField($"{r.Source} ({r.Kind}) — {r.Status}",
                $"last success {(r.LastSuccess is { } s ? StatusFormat.When(s) : "never")}, next {(r.NextRun is { } n ? StatusFormat.When(n) : "-")}"
                + (r.ConsecutiveFailures > 0 ? $", {r.ConsecutiveFailures} failure(s)" : "")
                + (error is null ? "" : $"\n{BotMessages.Trim(error, 300)}"));
        }
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }
}
