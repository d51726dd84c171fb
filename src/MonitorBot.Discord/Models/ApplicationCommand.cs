using System.Text.Json;

namespace MonitorBot.Discord.Models;

/// <summary>Application command types (docs: Application Commands).</summary>
public static class ApplicationCommandTypes
{
    public const int ChatInput = 1;
    public const int User = 2;
    public const int Message = 3;
}

/// <summary>Option types (docs: Application Command Option Type).</summary>
public static class ApplicationCommandOptionTypes
{
    public const int SubCommand = 1;
    public const int SubCommandGroup = 2;
    public const int String = 3;
    public const int Integer = 4;
    public const int Boolean = 5;
    public const int User = 6;
    public const int Channel = 7;
    public const int Role = 8;
    public const int Mentionable = 9;
    public const int Number = 10;
    public const int Attachment = 11;
}

/// <summary>Application command for bulk overwrite (PUT .../commands with an array).</summary>
public sealed record ApplicationCommand
{
    public string? Id { get; init; }

    public int Type { get; init; } = ApplicationCommandTypes.ChatInput;

    public required string Name { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>Permission bitfield as a string, e.g. "32" (Manage Server); "0" = admins only; null = everyone.</summary>
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>Deprecated in favour of contexts but still accepted.</summary>
    public bool? DmPermission { get; init; }

    /// <summary>Interaction context types: 0 guild, 1 bot DM, 2 private channel.</summary>
    public IReadOnlyList<int>? Contexts { get; init; }

    public bool? Nsfw { get; init; }
}

public sealed record ApplicationCommandOption
{
    public required int Type { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public bool? Required { get; init; }

    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    public IReadOnlyList<int>? ChannelTypes { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public bool? Autocomplete { get; init; }
}

/// <summary>A choice: value is a string, integer or double (docs: Application Command Option Choice).</summary>
public sealed record ApplicationCommandOptionChoice
{
    public required string Name { get; init; }

    public required JsonElement Value { get; init; }

    public static ApplicationCommandOptionChoice String(string name, string value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.String) };

    public static ApplicationCommandOptionChoice Integer(string name, long value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Int64) };

    public static ApplicationCommandOptionChoice Number(string name, double value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Double) };
}
