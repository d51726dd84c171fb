namespace MonitorBot.Feeds.Internal;

internal static class ParseErrors
{
    /// <summary>"source 'x': " when the source has an id, else "".</summary>
    public static string Prefix(FeedParseContext context) =>
        string.IsNullOrEmpty(context.Source.Id) ? "" : $"source '{context.Source.Id}': ";

    public static FeedParseException Fail(FeedParseContext context, string message, Exception? inner = null) =>
        new(Prefix(context) + message, inner);

    /// <summary>
    /// Runs a parser body so that an unexpected payload shape (a JSON value of the wrong type, a number out of range, …)
    /// surfaces as a <see cref="FeedParseException"/> naming <paramref name="sender"/>, never as another exception type.
    /// </summary>
    public static FeedParseResult Guard(FeedParseContext context, string sender, Func<FeedParseResult> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException
            or IndexOutOfRangeException or KeyNotFoundException or System.Text.DecoderFallbackException or System.Xml.XmlException)
        {
            throw Fail(context, $"{sender} payload has an unexpected shape: {HtmlText.Excerpt(ex.Message, 160)}", ex);
        }
    }

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

/// <summary>
/// Counts skipped rows with their reasons (grouped: "reason (line 3; ×4)", at most <see cref="MaxReasons"/> distinct), and
/// fails clearly when every row is bad.
/// </summary>
internal sealed class RowErrors
{
    public const int MaxReasons = 10;

    private readonly List<(string Reason, long FirstLine, int Count)> _reasons = [];
    private string? _first;

    public int Skipped { get; private set; }

    public void Skip(long line, string reason)
    {
        Skipped++;
        _first ??= $"line {line}: {reason}";
        for (var i = 0; i < _reasons.Count; i++)
        {
            if (string.Equals(_reasons[i].Reason, reason, StringComparison.Ordinal))
            {
                _reasons[i] = (reason, _reasons[i].FirstLine, _reasons[i].Count + 1);
                return;
            }
        }
        if (_reasons.Count < MaxReasons) _reasons.Add((reason, line, 1));
    }

    /// <summary>"line 3: price is not positive (-5)", "line 7: bad time 'x' (×2, first at line 7)".</summary>
    public IReadOnlyList<string> Reasons()
    {
        if (_reasons.Count == 0) return [];
        var list = new List<string>(_reasons.Count);
        foreach (var (reason, line, count) in _reasons)
        {
            list.Add(count == 1
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line}: {reason}")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reason} (×{count}, first at line {line})"));
        }
        return list;
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
