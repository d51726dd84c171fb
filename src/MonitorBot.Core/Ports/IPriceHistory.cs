using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

public interface IPriceHistory
{
    /// <summary>Prints of one series in [from, to], oldest first (one per time: the latest fetched wins).</summary>
    Task<IReadOnlyList<PriceObservation>> GetSeriesAsync(string seriesId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// The recent history of a series anchored on its own data, not on the clock: the prints in
    /// [latest - <paramref name="lookback"/>, latest] where latest is the newest print at or before <paramref name="asOf"/>
    /// (a back-filled quote from last year is evaluated against its own neighbours). Oldest first.
    /// </summary>
    Task<IReadOnlyList<PriceObservation>> GetSeriesTailAsync(string seriesId, DateTimeOffset asOf, TimeSpan lookback, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="count"/> monthly import totals of China from Myanmar whose month starts at or before
    /// <paramref name="asOf"/>, oldest first: the one read of trade months for detectors, status, the CLI and the bot.
    /// </summary>
    Task<IReadOnlyList<TradeMonth>> GetLatestTradeMonthsAsync(DateTimeOffset asOf, int count, CancellationToken cancellationToken);

    /// <summary>Every stored series id with its print count and latest time.</summary>
    Task<IReadOnlyList<SeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken);

    /// <summary>Monthly import totals (tonnes) of China from Myanmar, oldest first, as a series.</summary>
    Task<IReadOnlyList<TradeMonth>> GetTradeMonthsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

public sealed record SeriesInfo(string SeriesId, long Count, DateTimeOffset Latest, string Unit, string Currency);
