namespace MonitorBot.Feeds;

/// <summary>Kind → parser (case-insensitive). Built from the parsers registered in DI.</summary>
public sealed class FeedParserRegistry
{
    private readonly Dictionary<string, IFeedParser> _parsers = new(StringComparer.OrdinalIgnoreCase);

    public FeedParserRegistry(IEnumerable<IFeedParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        foreach (var parser in parsers)
        {
            if (!_parsers.TryAdd(parser.Kind, parser))
            {
                throw new InvalidOperationException($"Two feed parsers are registered for kind '{parser.Kind}'.");
            }
        }
        Kinds = _parsers.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyCollection<string> Kinds { get; }

    public bool TryGet(string? kind, out IFeedParser parser)
    {
        parser = null!;
        return kind is not null && _parsers.TryGetValue(kind.Trim(), out parser!);
    }

    /// <summary>The parser for <paramref name="kind"/>; <see cref="FeedParseException"/> listing the known kinds otherwise.</summary>
    public IFeedParser Get(string kind)
    {
        if (TryGet(kind, out var parser)) return parser;
        throw new FeedParseException($"unknown feed kind '{kind}'; known kinds: {string.Join(", ", Kinds)}");
    }
}
