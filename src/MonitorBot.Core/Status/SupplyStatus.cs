using MonitorBot.Core.Model;

namespace MonitorBot.Core.Status;

/// <summary>Overall state of Kachin heavy-rare-earth supply, worst last.</summary>
public enum SupplyLevel
{
    /// <summary>Not enough fresh evidence to say (a leg has no data, or only stale data): never reported as Normal.</summary>
    Unknown = -1,
    Normal = 0,
    Watch,
    Disrupted,
    Critical,
}

/// <summary>One reason behind the level.</summary>
/// <param name="Code">Stable machine code, e.g. "price-move:tb-oxide", "trade-yoy", "news-high-signal", "alert:fp", "stale-price:dy-oxide", "monitor-degraded".</param>
/// <param name="Text">One line for people.</param>
/// <param name="Source">Where the figure came from (price source, trade source, outlets, alert source, "monitor").</param>
/// <param name="AsOf">When the underlying data is from.</param>
public sealed record StatusDriver(string Code, string Text, SupplyLevel Level, string Source, DateTimeOffset? AsOf);

/// <summary>Latest print of one price series with its moves.</summary>
/// <param name="ChangeVsPreviousPct">Percent change vs the print before, if any.</param>
/// <param name="ChangeVsBaselinePct">Percent change vs the baseline print (the newest at or before Latest - BaselineDays), if any.</param>
/// <param name="Age">Status time minus the print's time.</param>
public sealed record PriceLine(
    string SeriesId,
    string Name,
    double Value,
    string Unit,
    string Currency,
    double? ChangeVsPreviousPct,
    double? ChangeVsBaselinePct,
    DateTimeOffset? BaselineTime,
    DateTimeOffset Time,
    string Source,
    DateTimeOffset FetchedAt,
    TimeSpan Age);

/// <summary>One month of China's imports from Myanmar (tonnes) with the same month a year earlier.</summary>
/// <param name="Period">"YYYYMM".</param>
/// <param name="YoYPct">Percent change vs the same month a year earlier; null when that month is unknown or zero.</param>
/// <param name="Age">Status time minus the end of the month.</param>
public sealed record TradeLine(
    string Period,
    double Tonnes,
    double? YearEarlierTonnes,
    double? YoYPct,
    string Source,
    DateTimeOffset FetchedAt,
    TimeSpan Age);

/// <summary>A relevant recent news item.</summary>
public sealed record NewsLine(
    string Title,
    string Url,
    string Outlet,
    DateTimeOffset Time,
    double Relevance,
    IReadOnlyList<string> Entities,
    TimeSpan Age);

/// <summary>Health of one configured source.</summary>
/// <param name="Age">Status time minus the last success, if any.</param>
public sealed record FeedLine(
    string SourceId,
    string Kind,
    FeedStatus Status,
    string? Reason,
    DateTimeOffset? LastSuccess,
    string? LastError,
    TimeSpan? Age);

/// <summary>One leg of the evidence (prices, trade, news, sources) and whether it is fresh enough to count.</summary>
/// <param name="Leg">"prices", "trade", "news" or "sources".</param>
/// <param name="Known">False when the leg has no data or only stale data.</param>
/// <param name="Text">Why (e.g. "no price data", "trade data 4 months old", "news read 2 h ago").</param>
/// <param name="AsOf">The newest evidence of the leg, if any.</param>
public sealed record StatusLeg(string Leg, bool Known, string Text, DateTimeOffset? AsOf);

/// <summary>The one answer to "what is the Kachin supply status?".</summary>
/// <param name="Level">The highest level among <paramref name="Drivers"/>; <see cref="SupplyLevel.Unknown"/> when a leg is unknown and
/// the known evidence is below Disrupted (absence of evidence is not normal); Normal only when every leg is fresh and nothing is unusual.</param>
/// <param name="Drivers">Reasons, highest level first.</param>
/// <param name="Trade">Months newest first.</param>
/// <param name="News">Most relevant first.</param>
/// <param name="Alerts">Firing alerts, most severe first.</param>
public sealed record SupplyStatus(
    DateTimeOffset AsOf,
    SupplyLevel Level,
    IReadOnlyList<StatusDriver> Drivers,
    IReadOnlyList<PriceLine> Prices,
    IReadOnlyList<TradeLine> Trade,
    IReadOnlyList<NewsLine> News,
    IReadOnlyList<FeedLine> Feeds,
    IReadOnlyList<AlertSummary> Alerts,
    IReadOnlyList<StatusLeg>? Legs = null,
    IReadOnlyList<PriceLine>? Proxies = null)
{
    /// <summary>The legs that are unknown (no data, or only stale data).</summary>
    public IReadOnlyList<StatusLeg> UnknownLegs => Legs?.Where(l => !l.Known).ToList() ?? [];

    /// <summary>"UNKNOWN: no price data; trade data 4 months old", "CRITICAL", ...</summary>
    public string Headline => UnknownLegs.Count == 0 || Level > SupplyLevel.Watch
        ? StatusFormat.Level(Level) + (UnknownLegs.Count == 0 ? "" : $" (unknown: {string.Join("; ", UnknownLegs.Select(l => l.Text))})")
        : $"{StatusFormat.Level(Level)}: {string.Join("; ", UnknownLegs.Select(l => l.Text))}";
}

/// <summary>Thresholds of <see cref="SupplyStatusRules"/>. Percentages are in percent (10 = 10%).</summary>
public sealed record SupplyStatusSettings
{
    /// <summary>The series ids the shipped Yahoo sources write (declared first: <see cref="Default"/> uses it).</summary>
    public static readonly IReadOnlyList<string> DefaultProxySeries = ["remx", "mp", "lyc-ax", "600111-ss"];

    public static SupplyStatusSettings Default { get; } = new();

    /// <summary>The source kinds that bring news (their last success keeps the news leg fresh): the registered news parsers'.</summary>
    public IReadOnlySet<string> NewsKinds { get; init; } = new HashSet<string>([Feeds.FeedKinds.Rss, Feeds.FeedKinds.Atom, Feeds.FeedKinds.Gdelt], StringComparer.OrdinalIgnoreCase);

    /// <summary>A price this far above its baseline (or this far below it) → Watch. Default 10.</summary>
    public double PriceWatchPct { get; init; } = 10;

    /// <summary>A price this far above its baseline → Disrupted (scarcity). Falls of this size stay at Watch unless <see cref="PriceFallsCanDisrupt"/>. Default 20.</summary>
    public double PriceDisruptedPct { get; init; } = 20;

    /// <summary>When true, a fall of <see cref="PriceDisruptedPct"/> also counts as Disrupted. Default false: supply shortages raise prices.</summary>
    public bool PriceFallsCanDisrupt { get; init; }

    /// <summary>Latest month's imports y/y at or below this → Watch. Default -25.</summary>
    public double TradeWatchYoYPct { get; init; } = -25;

    /// <summary>Latest month's imports y/y at or below this → Disrupted. Default -50.</summary>
    public double TradeDisruptedYoYPct { get; init; } = -50;

    /// <summary>Latest month's imports y/y at or below this → Critical. Default -80.</summary>
    public double TradeCriticalYoYPct { get; init; } = -80;

    /// <summary>How far back news signals count. Default 14 days.</summary>
    public TimeSpan NewsSignalWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>A high-severity signal in relevant news → Disrupted; seen from at least this many distinct outlets → Critical. Default 2.</summary>
    public int CriticalNewsOutlets { get; init; } = 2;

    /// <summary>When true, relevant news with only normal-severity signals (fighting, airstrike, ...) in the window → Watch. Default true.</summary>
    public bool NormalNewsSignalsWatch { get; init; } = true;

    /// <summary>Minimum relevance of news considered and listed. Default <see cref="NewsItem.RelevantThreshold"/>.</summary>
    public double MinNewsRelevance { get; init; } = NewsItem.RelevantThreshold;

    /// <summary>How many news lines the status lists. Default 5.</summary>
    public int MaxNews { get; init; } = 5;

    /// <summary>How many trade months the status lists (newest first). Default 6.</summary>
    public int MaxTradeMonths { get; init; } = 6;

    /// <summary>A latest price older than this adds a Watch "stale" driver. Default 14 days.</summary>
    public TimeSpan PriceStaleAfter { get; init; } = TimeSpan.FromDays(14);

    /// <summary>A latest trade month that ended longer ago than this adds a Watch "stale" driver. Default 120 days.</summary>
    public TimeSpan TradeStaleAfter { get; init; } = TimeSpan.FromDays(120);

    /// <summary>The news leg is unknown when no news source succeeded, and no news item was fetched, within this. Default 2 days.</summary>
    public TimeSpan NewsStaleAfter { get; init; } = TimeSpan.FromDays(2);

    /// <summary>The sources leg is unknown when no source succeeded within this (or none is configured). Default 1 day.</summary>
    public TimeSpan SourcesStaleAfter { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Listed proxies (REMX, MP, LYC.AX, 600111.SS): shown with their change, never a driver of the level (equities move for many reasons).</summary>
    public IReadOnlyList<string> ProxySeries { get; init; } = DefaultProxySeries;

    /// <summary>Any disabled source adds a Watch "monitor degraded" driver. Default true.</summary>
    public bool DisabledFeedsWatch { get; init; } = true;
}
