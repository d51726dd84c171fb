using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/status: the Kachin supply status (as `monitorbot status`).</summary>
public sealed class StatusCommand(StatusService status) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("status", "Kachin heavy-rare-earth supply status: prices, imports, news, alerts, with sources and freshness.");

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) =>
        InteractionResponse.Reply(BotMessages.Status(await status.GetAsync(cancellationToken)));
}
