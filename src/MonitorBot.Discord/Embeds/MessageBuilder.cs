using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord.Embeds;

/// <summary>
/// Builds a <see cref="MessagePayload"/> within the message limits: content 2000, at most 10 embeds and 6000
/// characters across them (later text is truncated with "…", then dropped), allowed_mentions {"parse": []}
/// unless roles are explicitly allowed.
/// </summary>
public sealed class MessageBuilder
{
    private readonly List<Embed> _embeds = [];
    private readonly List<Component> _components = [];
    private readonly List<FileAttachment> _files = [];
    private readonly List<string> _mentionRoles = [];
    private string? _content;
    private int? _flags;

    public MessageBuilder WithContent(string? content)
    {
        _content = content is null ? null : DiscordLimits.Truncate(content, DiscordLimits.Content);
        return this;
    }

    public MessageBuilder AddEmbed(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        _embeds.Add(embed);
        return this;
    }

    public MessageBuilder AddEmbed(EmbedBuilder embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return AddEmbed(embed.Build());
    }

    /// <summary>Adds an action row of buttons (at most 5 per row, 5 rows).</summary>
    public MessageBuilder AddButtons(params Component[] buttons)
    {
        if (_components.Count < 5 && buttons.Length > 0)
        {
            _components.Add(Component.ActionRow(buttons.Take(5).ToArray()));
        }

        return this;
    }

    /// <summary>Allows pinging these roles (the content must contain &lt;@&amp;id&gt;); nobody else can be pinged.</summary>
    public MessageBuilder AllowRoleMentions(IEnumerable<string> roleIds)
    {
        _mentionRoles.AddRange(roleIds.Where(Snowflake.IsValid));
        return this;
    }

    public MessageBuilder Ephemeral()
    {
        _flags = (_flags ?? 0) | MessageFlags.Ephemeral;
        return this;
    }

    public MessageBuilder AddFile(string fileName, ReadOnlyMemory<byte> content, string? description = null, string contentType = "application/octet-stream")
    {
        _files.Add(new FileAttachment(fileName, content, description, contentType));
        return this;
    }

    /// <summary>Files to pass to <see cref="DiscordRestClient.CreateMessageAsync(string, MessagePayload, IReadOnlyList{FileAttachment}?, CancellationToken)"/>.</summary>
    public IReadOnlyList<FileAttachment> Files => _files;

    public MessagePayload Build() => new()
    {
        Content = _content,
        Embeds = _embeds.Count == 0 ? null : FitEmbeds(_embeds),
        Components = _components.Count == 0 ? null : _components.ToArray(),
        AllowedMentions = _mentionRoles.Count == 0 ? AllowedMentions.None : AllowedMentions.OnlyRoles(_mentionRoles.Distinct()),
        Flags = _flags,
        Attachments = _files.Count == 0 ? null : _files.Select((f, i) => new AttachmentInfo { Id = i, Filename = f.FileName, Description = f.Description }).ToArray(),
    };

    /// <summary>Applies per-embed limits, keeps at most 10 embeds, and spends a 6000-char budget in reading order
    /// (title, author, description, fields, footer): the piece that crosses the budget is truncated, later text dropped.</summary>
    public static IReadOnlyList<Embed> FitEmbeds(IEnumerable<Embed> embeds)
    {
        ArgumentNullException.ThrowIfNull(embeds);
        var budget = DiscordLimits.EmbedTotal;
        var result = new List<Embed>();
        foreach (var raw in embeds.Take(DiscordLimits.EmbedsPerMessage))
        {
            if (budget <= 0)
            {
                break;
            }

            var e = EmbedBuilder.Enforce(raw);
            var title = Spend(e.Title, ref budget);
            var author = e.Author is null ? null : Spend(e.Author.Name, ref budget);
            var description = Spend(e.Description, ref budget);
            var fields = new List<EmbedField>();
            foreach (var f in e.Fields ?? [])
            {
                if (budget < f.Name.Length + 2)
                {
                    break;
                }

                var name = Spend(f.Name, ref budget)!;
                var value = Spend(f.Value, ref budget);
                if (string.IsNullOrEmpty(value))
                {
                    break;
                }

                fields.Add(f with { Name = name, Value = value });
            }

            var footer = e.Footer is null ? null : Spend(e.Footer.Text, ref budget);
            result.Add(e with
            {
                Title = title,
                Author = string.IsNullOrEmpty(author) ? null : e.Author! with { Name = author },
                Description = description,
                Fields = fields.Count == 0 ? null : fields,
                Footer = string.IsNullOrEmpty(footer) ? null : e.Footer! with { Text = footer },
            });
        }

        return result;
    }

    private static string? Spend(string? text, ref int budget)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (budget <= 0)
        {
            return null;
        }

        var kept = DiscordLimits.Truncate(text, budget);
        budget -= kept.Length;
        return kept.Length == 0 ? null : kept;
    }
}
