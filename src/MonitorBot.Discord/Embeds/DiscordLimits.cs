namespace MonitorBot.Discord.Embeds;

/// <summary>Message and embed limits (docs: Message resource, Embed Limits; Create Message).</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedsPerMessage = 10;
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int Footer = 2048;
    public const int AuthorName = 256;

    /// <summary>Sum of title, description, field names/values, footer text and author name across all embeds of a message.</summary>
    public const int EmbedTotal = 6000;

    public const string Ellipsis = "…";

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> UTF-16 chars, ending with "…",
    /// never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        if (max <= 0)
        {
            return "";
        }

        var keep = max - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return keep <= 0 ? Ellipsis[..Math.Min(max, Ellipsis.Length)] : text[..keep].TrimEnd() + Ellipsis;
    }
}
