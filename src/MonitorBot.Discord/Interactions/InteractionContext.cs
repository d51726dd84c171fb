using System.Globalization;
using System.Text.Json;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Interactions;

/// <summary>Typed view of an interaction for handlers: command path, options, invoking member.</summary>
public sealed class InteractionContext
{
    public InteractionContext(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        Interaction = interaction;
        var data = interaction.Data;
        CommandName = data?.Name;
        IReadOnlyList<InteractionDataOption> options = data?.Options ?? [];
        // Docs (Application Commands, Subcommands): options nest as group → subcommand → values.
        if (options is [{ Type: ApplicationCommandOptionTypes.SubCommandGroup } group])
        {
            SubcommandGroup = group.Name;
            options = group.Options ?? [];
        }

        if (options is [{ Type: ApplicationCommandOptionTypes.SubCommand } sub])
        {
            Subcommand = sub.Name;
            options = sub.Options ?? [];
        }

        Options = options;
        FocusedOption = options.FirstOrDefault(o => o.Focused == true);
        CommandPath = string.Join(' ', new[] { CommandName, SubcommandGroup, Subcommand }.Where(s => !string.IsNullOrEmpty(s)));
    }

    public Interaction Interaction { get; }

    public int Type => Interaction.Type;

    public string? CommandName { get; }

    public string? SubcommandGroup { get; }

    public string? Subcommand { get; }

    /// <summary>"name", "name sub" or "name group sub".</summary>
    public string CommandPath { get; }

    /// <summary>The value options of the invoked (sub)command.</summary>
    public IReadOnlyList<InteractionDataOption> Options { get; }

    /// <summary>Autocomplete: the option the user is typing in.</summary>
    public InteractionDataOption? FocusedOption { get; }

    public string? CustomId => Interaction.Data?.CustomId;

    public string? GuildId => Interaction.GuildId;

    public string? ChannelId => Interaction.ChannelId;

    /// <summary>The invoking user (member.user in guilds, user in DMs).</summary>
    public string? UserId => Interaction.Member?.User?.Id ?? Interaction.User?.Id;

    public IReadOnlyList<string> RoleIds => Interaction.Member?.Roles ?? [];

    /// <summary>member.permissions parsed as a bitfield (0 outside a guild or when unparsable).</summary>
    public ulong Permissions =>
        ulong.TryParse(Interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;

    /// <summary>True when the member has every bit of <paramref name="permission"/> or Administrator.</summary>
    public bool HasPermission(ulong permission) =>
        (Permissions & DiscordPermissions.Administrator) != 0 || (Permissions & permission) == permission;

    public InteractionDataOption? GetOption(string name) => Options.FirstOrDefault(o => o.Name == name);

    public string? GetString(string name) => Get(name, ApplicationCommandOptionTypes.String, JsonValueKind.String, e => e.GetString());

    public string RequireString(string name) => GetString(name) ?? throw Missing(name);

    public long? GetInteger(string name) => Get(name, ApplicationCommandOptionTypes.Integer, JsonValueKind.Number, e =>
        e.TryGetInt64(out var v) ? v : throw new InteractionOptionException($"Option '{name}' must be a whole number."));

    public long RequireInteger(string name) => GetInteger(name) ?? throw Missing(name);

    public double? GetNumber(string name) => Get(name, ApplicationCommandOptionTypes.Number, JsonValueKind.Number, e => e.GetDouble());

    public bool? GetBoolean(string name)
    {
        var option = GetOption(name);
        if (option?.Value is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InteractionOptionException($"Option '{name}' must be true or false."),
        };
    }

    public string? GetChannelId(string name) => GetSnowflake(name);

    public string? GetRoleId(string name) => GetSnowflake(name);

    public string? GetUserId(string name) => GetSnowflake(name);

    /// <summary>The uploaded file of an ATTACHMENT option (type 11), resolved from data.resolved.attachments;
    /// null when the option was not given. Throws <see cref="InteractionOptionException"/> when the option is
    /// not an attachment option or Discord sent no resolved attachment for its id.</summary>
    public Attachment? GetAttachment(string name)
    {
        var option = GetOption(name);
        if (option?.Value is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (option.Type != ApplicationCommandOptionTypes.Attachment)
        {
            throw new InteractionOptionException($"Option '{name}' has the wrong type (expected option type {ApplicationCommandOptionTypes.Attachment}, an attachment).");
        }

        var id = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (!Snowflake.IsValid(id))
        {
            throw new InteractionOptionException($"Option '{name}' is not a valid attachment id.");
        }

        var attachments = Interaction.Data?.Resolved?.Attachments;
        return attachments is not null && attachments.TryGetValue(id!, out var attachment)
            ? attachment
            : throw new InteractionOptionException($"The file for option '{name}' could not be read: Discord sent no details for attachment {id}. Please upload it again.");
    }

    public Attachment RequireAttachment(string name) => GetAttachment(name) ?? throw Missing(name);

    private string? GetSnowflake(string name)
    {
        var value = GetOption(name)?.Value;
        if (value is null)
        {
            return null;
        }

        var text = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
        return Snowflake.IsValid(text) ? text : throw new InteractionOptionException($"Option '{name}' is not a valid id.");
    }

    private T? Get<T>(string name, int expectedType, JsonValueKind kind, Func<JsonElement, T> read)
        where T : struct
    {
        var option = GetOption(name);
        if (option?.Value is not { } value)
        {
            return null;
        }

        if (value.ValueKind != kind && !(kind == JsonValueKind.Number && value.ValueKind == JsonValueKind.String))
        {
            throw new InteractionOptionException($"Option '{name}' has the wrong type (expected option type {expectedType}).");
        }

        if (value.ValueKind == JsonValueKind.String && kind == JsonValueKind.Number)
        {
            // Autocomplete sends partial input as a string even for numeric options.
            return double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? read(JsonSerializer.SerializeToElement(d, DiscordJsonContext.Default.Double))
                : throw new InteractionOptionException($"Option '{name}' must be a number.");
        }

        return read(value);
    }

    private string? Get(string name, int expectedType, JsonValueKind kind, Func<JsonElement, string?> read)
    {
        var option = GetOption(name);
        if (option?.Value is not { } value)
        {
            return null;
        }

        return value.ValueKind == kind ? read(value) : throw new InteractionOptionException($"Option '{name}' has the wrong type (expected option type {expectedType}).");
    }

    private static InteractionOptionException Missing(string name) => new($"Option '{name}' is required.");
}
