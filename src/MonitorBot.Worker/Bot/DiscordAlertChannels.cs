using Microsoft.Extensions.Options;
using MonitorBot.Discord;

namespace MonitorBot.Worker.Bot;

/// <summary>Alerts go to Discord when a token is set, to Discord:AlertChannelId by default.</summary>
public sealed class DiscordAlertChannels(IOptionsMonitor<DiscordOptions> discord) : IAlertChannels
{
    public bool ChatEnabled => !string.IsNullOrWhiteSpace(discord.CurrentValue.Token);

    public string? AlertChannelId => discord.CurrentValue.AlertChannelId;
}
