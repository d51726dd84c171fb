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
    /// <summary>What this parser's kind is: its name, what it yields, whether admins may add it, its own source checks.</summary>
    FeedKindInfo Info { get; }

    /// <summary>The kind as written in config (<see cref="FeedKindInfo.Kind"/>).</summary>
    string Kind => Info.Kind;

    FeedParseResult Parse(Stream content, FeedParseContext context);
}

/// <summary>What a kind's sources yield.</summary>
public enum FeedContent
{
    /// <summary>News items (baseline on the first read, relevance scoring).</summary>
    News,

    /// <summary>Price observations of a series.</summary>
    Prices,

    /// <summary>Monthly trade flows.</summary>
    Trade,
}

/// <summary>
/// The descriptor of one feed kind, held by its parser (<see cref="IFeedParser.Info"/>); <see cref="FeedParserRegistry"/>
/// derives the kind list, the news kinds, the admin kinds and the per-kind validation from the registered parsers.
/// </summary>
/// <param name="Kind">The kind as written in config (<c>Feeds:Sources:n:Kind</c>), lower case.</param>
/// <param name="Content">What its sources yield.</param>
/// <param name="AdminAllowed">True when an admin may add such a source from Discord or an import (needs no file-only
/// mapping such as a series or a path).</param>
public sealed record FeedKindInfo(string Kind, FeedContent Content, bool AdminAllowed)
{
    /// <summary>
    /// The kind's own checks of a source's settings, beyond the common ones (id, url, schedule): each problem as
    /// "Setting ..." without the configuration key prefix (e.g. "Series is required for kind 'csv' (...)."). Null: none.
    /// </summary>
    public Func<FeedSourceOptions, IEnumerable<string>>? Validate { get; init; }

    /// <summary>The URL to fetch for a source of this kind (e.g. GDELT builds it from Query); null: the source's Url as written.</summary>
    public Func<FeedSourceOptions, string>? RequestUrl { get; init; }

    /// <summary>True for <see cref="FeedContent.News"/>.</summary>
    public bool IsNews => Content == FeedContent.News;

    /// <summary>The values must be mapped to a configured series (<see cref="FeedSourceOptions.Series"/>): checked by
    /// <see cref="FeedParserRegistry.Validate"/> and, for parsers built on <see cref="FeedParserBase"/>, before parsing.</summary>
    public bool RequiresSeries { get; init; }

    internal static IEnumerable<string> RequireSeries(FeedSourceOptions source)
    {
        if (string.IsNullOrWhiteSpace(source.Series))
        {
            yield return $"Series is required for kind '{source.Kind}' (the series id the values go to, e.g. \"tb-oxide\").";
        }
    }
}
