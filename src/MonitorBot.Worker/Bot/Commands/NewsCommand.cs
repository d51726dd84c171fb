using MonitorBot.Core.Status;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/news [query] [limit]: the most relevant items of the last 30 days with outlet, time and link.</summary>
public sealed class NewsCommand(NewsQuery news, TimeProvider time) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("news", "Most relevant recent news about Kachin rare-earth supply, with links.")
    {
        Options =
        [
            CommandOptions.Str("query", "Words to look for in titles and summaries", maxLength: 100),
            CommandOptions.Int("limit", "How many items (1-20, default 5)", min: 1, max: 20),
        ],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var query = context.GetString("query")?.Trim();
        var limit = (int)(context.GetInteger("limit") ?? 5);
        if (limit is < 1 or > 20) return InteractionResponse.Error("`limit` must be between 1 and 20.");
        if (query is { Length: > 100 }) return InteractionResponse.Error("`query` is limited to 100 characters.");
        var now = time.GetUtcNow();
        var items = await news.SearchAsync(query, 30, limit, cancellationToken);
        var title = string.IsNullOrEmpty(query) ? "Most relevant news, last 30 days" : $"News matching “{BotMessages.Trim(query, 60)}”, last 30 days";
        if (items.Count == 0) return InteractionResponse.Reply(BotMessages.Text(title, "No relevant items."));
        var embed = new EmbedBuilder().WithTitle(title).WithColor(BotMessages.Blue);
        foreach (var n in items)
        {
            var entities = n.Entities.Count > 0 ? $" · {string.Join(", ", n.Entities.Take(5))}" : "";
            embed.AddField(BotMessages.Trim(n.Title, 250),
                $"[{n.Outlet ?? n.SourceId}]({n.Url}) · {StatusFormat.When(n.EffectiveTime)} ({StatusFormat.Age(now - n.EffectiveTime)}) · relevance {n.Relevance:0.00}{entities}");
        }
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }
}
