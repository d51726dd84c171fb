using System.Text.Json.Serialization;

namespace MonitorBot.Discord.Models;

public sealed record Message
{
    public required string Id { get; init; }

    public string? ChannelId { get; init; }

    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public User? Author { get; init; }

    public int? Flags { get; init; }

    public string? Timestamp { get; init; }
}

/// <summary>Body of create/edit message, webhook edits and followups.</summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<Component>? Components { get; init; }

    /// <summary>Always sent; <see cref="AllowedMentions.None"/> when not set, so no text can ping anyone.</summary>
    public AllowedMentions? AllowedMentions { get; init; }

    public int? Flags { get; init; }

    /// <summary>Create message only: up to 25 chars; with <see cref="EnforceNonce"/> Discord returns the already-created
    /// message instead of posting a duplicate when the same nonce is sent again within a few minutes (safe retries).</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }

    /// <summary>Attachment metadata for multipart uploads: id n matches form field files[n].</summary>
    public IReadOnlyList<AttachmentInfo>? Attachments { get; init; }
}

public sealed record AttachmentInfo
{
    public required int Id { get; init; }

    public required string Filename { get; init; }

    public string? Description { get; init; }
}

/// <summary>allowed_mentions (docs: Message resource, Allowed Mentions Object).</summary>
public sealed record AllowedMentions
{
    /// <summary>Always serialised, even when empty: [] means "parse nothing".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string> Parse { get; init; } = [];

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Users { get; init; }

    public bool? RepliedUser { get; init; }

    /// <summary>{"parse": []}: nobody is pinged.</summary>
    public static AllowedMentions None { get; } = new();

    /// <summary>Only the listed roles may be pinged (the content must still contain &lt;@&amp;id&gt;).</summary>
    public static AllowedMentions OnlyRoles(IEnumerable<string> roleIds) => new() { Roles = roleIds.ToArray() };
}

/// <summary>Embed (docs: Message resource, Embed Object).</summary>
public sealed record Embed
{
    public string? Title { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    /// <summary>ISO8601 timestamp.</summary>
    public string? Timestamp { get; init; }

    public int? Color { get; init; }

    public EmbedFooter? Footer { get; init; }

    public EmbedAuthor? Author { get; init; }

    public IReadOnlyList<EmbedField>? Fields { get; init; }
}

public sealed record EmbedFooter
{
    public required string Text { get; init; }

    public string? IconUrl { get; init; }
}

public sealed record EmbedAuthor
{
    public required string Name { get; init; }

    public string? Url { get; init; }

    public string? IconUrl { get; init; }
}

public sealed record EmbedField
{
    public required string Name { get; init; }

    public required string Value { get; init; }

    public bool? Inline { get; init; }
}

/// <summary>Component types and button styles (docs: Message Components).</summary>
public static class ComponentTypes
{
    public const int ActionRow = 1;
    public const int Button = 2;
}

public static class ButtonStyles
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
    public const int Link = 5;
}

/// <summary>A component: action row (type 1, with components) or button (type 2).</summary>
public sealed record Component
{
    public required int Type { get; init; }

    public IReadOnlyList<Component>? Components { get; init; }

    public int? Style { get; init; }

    public string? Label { get; init; }

    public string? CustomId { get; init; }

    public string? Url { get; init; }

    public bool? Disabled { get; init; }

    public static Component ActionRow(params Component[] components) => new() { Type = ComponentTypes.ActionRow, Components = components };

    public static Component Button(string customId, string label, int style = ButtonStyles.Secondary) =>
        new() { Type = ComponentTypes.Button, CustomId = customId, Label = label, Style = style };

    public static Component LinkButton(string url, string label) =>
        new() { Type = ComponentTypes.Button, Url = url, Label = label, Style = ButtonStyles.Link };
}

/// <summary>Error body {code, message, errors} (docs: Opcodes and Status Codes, JSON error codes).</summary>
public sealed record DiscordErrorBody
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public double? RetryAfter { get; init; }

    public bool? Global { get; init; }
}
