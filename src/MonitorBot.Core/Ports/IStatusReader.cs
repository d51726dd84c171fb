using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

/// <summary>What the status read model needs; every list is bounded.</summary>
public sealed record StatusQuery(
    DateTimeOffset AsOf,
    IReadOnlyList<string> PriceSeries,
    int BaselineDays = 30,
    int TradeMonths = 25,
    int NewsDays = 30,
    int NewsLimit = 10,
    double MinNewsRelevance = NewsItem.RelevantThreshold);

/// <summary>Latest state of one price series as of the query time.</summary>
/// <param name="Previous">The print before <paramref name="Latest"/> (any source), if any.</param>
/// <param name="Baseline">The newest print at or before Latest.Time - BaselineDays, if any.</param>
/// <param name="Count">How many prints the series has in total.</param>
public sealed record SeriesSnapshot(
    string SeriesId,
    PriceObservation Latest,
    PriceObservation? Previous,
    PriceObservation? Baseline,
    long Count);

/// <summary>One month of China's imports from Myanmar, summed over the rare-earth HS codes.</summary>
public sealed record TradeMonth(
    string Period,
    double NetWeightTonnes,
    double? ValueUsd,
    string Source,
    DateTimeOffset FetchedAt,
    int Lines);

public sealed record StatusSnapshot(
    DateTimeOffset AsOf,
    IReadOnlyList<SeriesSnapshot> Prices,
    IReadOnlyList<TradeMonth> Trade,
    IReadOnlyList<NewsItem> News,
    IReadOnlyList<FeedState> Feeds);

public interface IStatusReader
{
    /// <summary>
    /// Reads the status inputs as of <see cref="StatusQuery.AsOf"/> (nothing later than it is used):
    /// a snapshot per requested price series that has data, the last TradeMonths monthly totals of
    /// China (156) imports (flow M) from Myanmar (104) newest first, the most relevant non-duplicate
    /// news of the last NewsDays (relevance desc, then newest), and every feed state.
    /// </summary>
    Task<StatusSnapshot> ReadAsync(StatusQuery query, CancellationToken cancellationToken);
}
