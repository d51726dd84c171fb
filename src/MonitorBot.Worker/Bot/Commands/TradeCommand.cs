using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/trade [months]: China's monthly imports from Myanmar with the change year on year.</summary>
public sealed class TradeCommand(TradeQuery trade) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("trade", "China's monthly rare-earth imports from Myanmar with the change year on year.")
    {
        Options = [CommandOptions.Int("months", "How many months (1-36, default 12)", min: 1, max: 36)],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var months = (int)(context.GetInteger("months") ?? 12);
        if (months is < 1 or > 36) return InteractionResponse.Error("`months` must be between 1 and 36.");
        return InteractionResponse.Reply(BotMessages.Trade(await trade.GetAsync(months, cancellationToken)));
    }
}
