using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>Short builders for option schemas, so a definition reads like the command it declares.</summary>
public static class CommandOptions
{
    public static ApplicationCommandOption Str(string name, string description, bool required = false, bool autocomplete = false, int? maxLength = null,
        IReadOnlyList<ApplicationCommandOptionChoice>? choices = null) =>
        Option(ApplicationCommandOptionTypes.String, name, description, required, autocomplete, maxLength: maxLength, choices: choices);

    public static ApplicationCommandOption Int(string name, string description, bool required = false, double? min = null, double? max = null) =>
        Option(ApplicationCommandOptionTypes.Integer, name, description, required, min: min, max: max);

    public static ApplicationCommandOption AttachmentOption(string name, string description, bool required = false) =>
        Option(ApplicationCommandOptionTypes.Attachment, name, description, required);

    /// <summary>A text or announcement channel.</summary>
    public static ApplicationCommandOption ChannelOption(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionTypes.Channel, Name = name, Description = description, Required = required ? true : null, ChannelTypes = [0, 5] };

    public static ApplicationCommandOption RoleOption(string name, string description) =>
        new() { Type = ApplicationCommandOptionTypes.Role, Name = name, Description = description };

    public static ApplicationCommandOption Subcommand(string name, string description, IReadOnlyList<ApplicationCommandOption> options) =>
        new() { Type = ApplicationCommandOptionTypes.SubCommand, Name = name, Description = description, Options = options.Count == 0 ? null : options };

    private static ApplicationCommandOption Option(int type, string name, string description, bool required, bool autocomplete = false, double? min = null,
        double? max = null, int? maxLength = null, IReadOnlyList<ApplicationCommandOptionChoice>? choices = null) =>
        new()
        {
            Type = type, Name = name, Description = description, Required = required ? true : null,
            Autocomplete = autocomplete ? true : null, MinValue = min, MaxValue = max, MaxLength = maxLength, Choices = choices,
        };
}
