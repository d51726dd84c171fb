namespace MonitorBot.Feeds.Internal;

internal static class ParseErrors
{
    /// <summary>"source 'x': " when the source has an id, else "".</summary>
    public static string Prefix(FeedParseContext context) =>
        string.IsNullOrEmpty(context.Source.Id) ? "" : $"source '{context.Source.Id}': ";

    public static FeedParseException Fail(FeedParseContext context, string message, Exception? inner = null) =>
        new(Prefix(context) + message, inner);

    /// <summary>Parses a JSON body (trailing commas and comments tolerated); malformed JSON fails clearly, naming who sent it.</summary>
    public static System.Text.Json.JsonDocument ParseJson(Stream content, FeedParseContext context, string sender)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(content, new System.Text.Json.JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            });
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw Fail(context, $"{sender} returned malformed JSON (line {ex.LineNumber + 1}): {HtmlText.Excerpt(ex.Message, 160)}", ex);
        }
    }
}

/// <summary>Counts skipped rows and remembers the first reason, to fail clearly when every row is bad.</summary>
internal sealed class RowErrors
{
    private string? _first;

    public int Skipped { get; private set; }

    public void Skip(long line, string reason)
    {
        Skipped++;
        _first ??= $"line {line}: {reason}";
    }

    /// <summary>Throws when rows were seen but none was usable.</summary>
    public void ThrowIfAllBad(FeedParseContext context, int good, string what)
    {
        if (good == 0 && Skipped > 0)
        {
            throw ParseErrors.Fail(context, $"no usable {what} ({Skipped} bad); first error at {_first}");
        }
    }
}
