using System.Globalization;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Embeds;

/// <summary>Builds an <see cref="Embed"/> within Discord's per-embed limits, truncating with "…" instead of failing.
/// The 6000-character total across a message's embeds is enforced by <see cref="MessageBuilder"/>.</summary>
public sealed class EmbedBuilder
{
    /// <summary>Discord rejects empty field names/values; a zero-width space stands in.</summary>
    private const string Blank = "\u200B";

    private readonly List<EmbedField> _fields = [];
    private string? _title;
    private string? _description;
    private string? _url;
    private string? _timestamp;
    private int? _color;
    private EmbedFooter? _footer;
    private EmbedAuthor? _author;

    /// <summary>Fields beyond the 25 allowed that were dropped.</summary>
    public int DroppedFields { get; private set; }

    public EmbedBuilder WithTitle(string? title)
    {
        _title = title is null ? null : DiscordLimits.Truncate(title, DiscordLimits.Title);
        return this;
    }

    public EmbedBuilder WithDescription(string? description)
    {
        _description = description is null ? null : DiscordLimits.Truncate(description, DiscordLimits.Description);
        return this;
    }

    public EmbedBuilder WithUrl(string? url)
    {
        _url = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? url : null;
        return this;
    }

    public EmbedBuilder WithTimestamp(DateTimeOffset timestamp)
    {
        _timestamp = timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>RGB colour, e.g. 0xE67E22.</summary>
    public EmbedBuilder WithColor(int rgb)
    {
        _color = rgb & 0xFFFFFF;
        return this;
    }

    public EmbedBuilder WithFooter(string text, string? iconUrl = null)
    {
        _footer = new EmbedFooter { Text = DiscordLimits.Truncate(NonEmpty(text), DiscordLimits.Footer), IconUrl = iconUrl };
        return this;
    }

    public EmbedBuilder WithAuthor(string name, string? url = null, string? iconUrl = null)
    {
        _author = new EmbedAuthor { Name = DiscordLimits.Truncate(NonEmpty(name), DiscordLimits.AuthorName), Url = url, IconUrl = iconUrl };
        return this;
    }

    public EmbedBuilder AddField(string name, string value, bool inline = false)
    {
        if (_fields.Count >= DiscordLimits.Fields)
        {
            DroppedFields++;
            return this;
        }

        _fields.Add(new EmbedField
        {
            Name = DiscordLimits.Truncate(NonEmpty(name), DiscordLimits.FieldName),
            Value = DiscordLimits.Truncate(NonEmpty(value), DiscordLimits.FieldValue),
            Inline = inline ? true : null,
        });
        return this;
    }

    public Embed Build() => new()
    {
        Title = _title,
        Description = _description,
        Url = _url,
        Timestamp = _timestamp,
        Color = _color,
        Footer = _footer,
        Author = _author,
        Fields = _fields.Count == 0 ? null : _fields.ToArray(),
    };

    /// <summary>Characters Discord counts toward the 6000 total for one embed.</summary>
    public static int CountCharacters(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var total = (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0) + (embed.Author?.Name.Length ?? 0);
        foreach (var f in embed.Fields ?? [])
        {
            total += f.Name.Length + f.Value.Length;
        }

        return total;
    }

    /// <summary>Applies every limit to an embed built elsewhere.</summary>
    public static Embed Enforce(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return embed with
        {
            Title = embed.Title is null ? null : DiscordLimits.Truncate(embed.Title, DiscordLimits.Title),
            Description = embed.Description is null ? null : DiscordLimits.Truncate(embed.Description, DiscordLimits.Description),
            Footer = embed.Footer is null ? null : embed.Footer with { Text = DiscordLimits.Truncate(NonEmpty(embed.Footer.Text), DiscordLimits.Footer) },
            Author = embed.Author is null ? null : embed.Author with { Name = DiscordLimits.Truncate(NonEmpty(embed.Author.Name), DiscordLimits.AuthorName) },
            Fields = embed.Fields?.Take(DiscordLimits.Fields).Select(f => f with
            {
                Name = DiscordLimits.Truncate(NonEmpty(f.Name), DiscordLimits.FieldName),
                Value = DiscordLimits.Truncate(NonEmpty(f.Value), DiscordLimits.FieldValue),
            }).ToArray(),
        };
    }

    private static string NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? Blank : s;
}
