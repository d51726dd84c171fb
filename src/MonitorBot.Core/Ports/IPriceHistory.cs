using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

public interface IPriceHistory
{
    /// <summary>Prints of one series in [from, to], oldest first (one per time: the latest fetched wins).</summary>
    Task<IReadOnlyList<PriceObservation>> GetSeriesAsync(string seriesId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Every stored series id with its print count and latest time.</summary>
    Task<IReadOnlyList<SeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken);

    /// <summary>Monthly import totals (tonnes) of China from Myanmar, oldest first, as a series.</summary>
    Task<IReadOnlyList<TradeMonth>> GetTradeMonthsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

public sealed record SeriesInfo(string SeriesId, long Count, DateTimeOffset Latest, string Unit, string Currency);
