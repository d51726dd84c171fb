using System.Text.Json;

namespace MonitorBot.Discord.Models;

/// <summary>Interaction types (docs: Receiving and Responding, Interaction Type).</summary>
public static class InteractionTypes
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int ApplicationCommandAutocomplete = 4;
    public const int ModalSubmit = 5;
}

/// <summary>Interaction callback types (docs: Interaction Callback Type).</summary>
public static class InteractionCallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int ApplicationCommandAutocompleteResult = 8;
    public const int Modal = 9;
}

/// <summary>Message flags used here (docs: Message Flags).</summary>
public static class MessageFlags
{
    /// <summary>1 &lt;&lt; 6: only the invoking user sees the message (interaction responses only).</summary>
    public const int Ephemeral = 64;
}

/// <summary>Permission bits used here (docs: Permissions, bitwise flags).</summary>
public static class DiscordPermissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;
}

public sealed record Interaction
{
    public required string Id { get; init; }

    public required string ApplicationId { get; init; }

    public int Type { get; init; }

    public InteractionData? Data { get; init; }

    public string? GuildId { get; init; }

    public string? ChannelId { get; init; }

    public GuildMember? Member { get; init; }

    /// <summary>Set when invoked in a DM.</summary>
    public User? User { get; init; }

    public required string Token { get; init; }

    public int Version { get; init; } = 1;

    public Message? Message { get; init; }

    public string? Locale { get; init; }

    /// <summary>Never prints the interaction token.</summary>
    public override string ToString() => $"Interaction {{ Id = {Id}, Type = {Type}, Name = {Data?.Name}, CustomId = {Data?.CustomId} }}";
}

public sealed record InteractionData
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public int? Type { get; init; }

    public IReadOnlyList<InteractionDataOption>? Options { get; init; }

    public string? CustomId { get; init; }

    public int? ComponentType { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Objects referenced by id in option values (attachments, users, roles, channels).</summary>
    public InteractionResolved? Resolved { get; init; }
}

/// <summary>data.resolved (docs: Receiving and Responding, Resolved Data Structure): maps of id → object.</summary>
public sealed record InteractionResolved
{
    /// <summary>Attachment option values (option type 11) resolve here, keyed by attachment id.</summary>
    public IReadOnlyDictionary<string, Attachment>? Attachments { get; init; }

    public IReadOnlyDictionary<string, User>? Users { get; init; }

    /// <summary>Role objects, kept as raw JSON (this library has no role model).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Roles { get; init; }

    /// <summary>Partial channel objects, kept as raw JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Channels { get; init; }
}

/// <summary>A file uploaded to Discord (docs: Channel resource, Attachment Object). <see cref="Url"/> is a
/// pre-signed CDN address: treat it as a secret-ish capability (do not log it).</summary>
public sealed record Attachment
{
    public required string Id { get; init; }

    public required string Filename { get; init; }

    public string? Description { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Size in bytes as reported by Discord.</summary>
    public long Size { get; init; }

    public string? Url { get; init; }

    public string? ProxyUrl { get; init; }

    /// <summary>Never prints the signed URLs.</summary>
    public override string ToString() => $"Attachment {{ Id = {Id}, Filename = {Filename}, Size = {Size}, ContentType = {ContentType} }}";
}

public sealed record InteractionDataOption
{
    public required string Name { get; init; }

    public int Type { get; init; }

    /// <summary>string, integer, double or boolean depending on <see cref="Type"/>.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<InteractionDataOption>? Options { get; init; }

    public bool? Focused { get; init; }
}

public sealed record GuildMember
{
    public User? User { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Total permissions of the member in the channel, as a bitfield string.</summary>
    public string? Permissions { get; init; }

    public string? Nick { get; init; }
}

/// <summary>Interaction response: POST /interactions/{id}/{token}/callback.</summary>
public sealed record InteractionCallback
{
    public required int Type { get; init; }

    public InteractionCallbackData? Data { get; init; }
}

/// <summary>Callback data: message fields (types 4, 7), flags (type 5), or choices (type 8).</summary>
public sealed record InteractionCallbackData
{
    public bool? Tts { get; init; }

    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public AllowedMentions? AllowedMentions { get; init; }

    public int? Flags { get; init; }

    public IReadOnlyList<Component>? Components { get; init; }

    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    /// <summary>Attachment metadata for multipart responses: id n matches form field files[n].</summary>
    public IReadOnlyList<AttachmentInfo>? Attachments { get; init; }

    public static InteractionCallbackData FromMessage(MessagePayload message) => new()
    {
        Content = message.Content,
        Embeds = message.Embeds,
        AllowedMentions = message.AllowedMentions ?? AllowedMentions.None,
        Flags = message.Flags,
        Components = message.Components,
        Attachments = message.Attachments,
    };
}
