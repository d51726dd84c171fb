using MonitorBot.Core.Model;

namespace MonitorBot.Feeds;

/// <summary>What a parser knows about the payload it reads: the configured source and when it was fetched.</summary>
public sealed record FeedParseContext(FeedSourceOptions Source, DateTimeOffset FetchedAt)
{
    /// <summary>The HTTP Content-Type (its charset is honoured after a BOM and before the XML declaration); null for files.</summary>
    public string? ContentType { get; init; }
}

/// <summary>Everything one payload yielded. Only the lists that fit the kind are filled.</summary>
public sealed record FeedParseResult(
    IReadOnlyList<RawNewsItem> Items,
    IReadOnlyList<PriceObservation> Prices,
    IReadOnlyList<TradeFlow> Trade)
{
    public static FeedParseResult Empty { get; } = new([], [], []);

    /// <summary>Rows or items that were malformed and skipped (the rest were kept).</summary>
    public int SkippedRows { get; init; }

    /// <summary>Why rows were skipped: "reason ×count" per distinct reason, with the first line it happened on (at most 10).</summary>
    public IReadOnlyList<string> SkipReasons { get; init; } = [];

    /// <summary>News items that had no readable date and were given the fetch time.</summary>
    public int UndatedItems { get; init; }

    /// <summary>Total number of records of any type.</summary>
    public int Count => Items.Count + Prices.Count + Trade.Count;

    public static FeedParseResult FromItems(IReadOnlyList<RawNewsItem> items, int skipped = 0) =>
        new(items, [], []) { SkippedRows = skipped };

    public static FeedParseResult FromPrices(IReadOnlyList<PriceObservation> prices, int skipped = 0) =>
        new([], prices, []) { SkippedRows = skipped };

    public static FeedParseResult FromTrade(IReadOnlyList<TradeFlow> trade, int skipped = 0) =>
        new([], [], trade) { SkippedRows = skipped };

    internal static FeedParseResult FromItems(IReadOnlyList<RawNewsItem> items, Internal.RowErrors errors, int undated = 0) =>
        new(items, [], []) { SkippedRows = errors.Skipped, SkipReasons = errors.Reasons(), UndatedItems = undated };

    internal static FeedParseResult FromPrices(IReadOnlyList<PriceObservation> prices, Internal.RowErrors errors) =>
        new([], prices, []) { SkippedRows = errors.Skipped, SkipReasons = errors.Reasons() };

    internal static FeedParseResult FromTrade(IReadOnlyList<TradeFlow> trade, Internal.RowErrors errors) =>
        new([], [], trade) { SkippedRows = errors.Skipped, SkipReasons = errors.Reasons() };
}

/// <summary>
/// A pure parser for one source kind: reads the stream, never does other I/O and never reads a clock
/// (time comes from <see cref="FeedParseContext.FetchedAt"/>). Throws <see cref="FeedParseException"/> on bad input.
/// </summary>
public interface IFeedParser
{
    /// <summary>One of <see cref="MonitorBot.Core.Feeds.FeedKinds"/>.</summary>
    string Kind { get; }

    FeedParseResult Parse(Stream content, FeedParseContext context);
}
