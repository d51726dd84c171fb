namespace MonitorBot.Discord;

/// <summary>Configuration section "Discord". The token comes from the environment only.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Bot token (MONITORBOT_Discord__Token). Empty: alerts go to the console and no gateway runs.</summary>
    public string? Token { get; set; }

    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";
}
