using Dapper;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>Series history for detectors, charts and the CLI.</summary>
public sealed class PriceHistoryRepository(SqliteConnectionFactory factory) : IPriceHistory
{
    private static readonly string TradeSql = TradeMonthsSql.Build(newestFirst: false);

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<IReadOnlyList<PriceObservation>> GetSeriesAsync(string seriesId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seriesId);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PriceRow>(new CommandDefinition(
            $"""
            SELECT {PriceRow.Columns} FROM price_observations p
            WHERE p.series_id = @seriesId AND p.time >= @from AND p.time <= @to
            ORDER BY p.time, p.fetched_at DESC, p.id DESC;
            """,
            new { seriesId, from = UnixMs.To(from), to = UnixMs.To(to) },
            cancellationToken: cancellationToken));
        var result = new List<PriceObservation>();
        long? lastTime = null;
        foreach (var row in rows)
        {
            if (row.Time == lastTime)
            {
                continue; // same time from another source: the latest fetched (first in this order) wins
            }

            lastTime = row.Time;
            result.Add(row.ToModel());
        }

        return result;
    }

    public async Task<IReadOnlyList<SeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        // One row per series from the kept counts; the latest print by one reverse index seek each.
        var rows = await connection.QueryAsync<SeriesInfoRow>(new CommandDefinition(
            """
            SELECT s.series_id AS SeriesId, s.prints AS Count, p.time AS Latest, p.unit AS Unit, p.currency AS Currency
            FROM price_series s CROSS JOIN price_observations p
            WHERE p.id = (SELECT q.id FROM price_observations q WHERE q.series_id = s.series_id ORDER BY q.time DESC LIMIT 1)
            ORDER BY s.series_id;
            """,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SeriesInfo(r.SeriesId, r.Count, UnixMs.From(r.Latest), r.Unit, r.Currency))];
    }

    /// <remarks>Months whose first day lies in [from, to].</remarks>
    public async Task<IReadOnlyList<TradeMonth>> GetTradeMonthsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TradeMonthRow>(new CommandDefinition(
            TradeSql,
            new
            {
                Reporter = SeriesIds.ChinaReporterCode,
                Partner = SeriesIds.MyanmarPartnerCode,
                FromPeriod = FirstPeriodStartingAtOrAfter(from),
                ToPeriod = TradePeriod.Monthly(to),
                Limit = -1,
            },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>Periods are included when their start lies in [from, to].</summary>
    private static string FirstPeriodStartingAtOrAfter(DateTimeOffset from)
    {
        var period = TradePeriod.Monthly(from);
        return TradePeriod.Start(period) < from ? TradePeriod.Monthly(TradePeriod.Start(period).AddMonths(1)) : period;
    }

    private sealed class SeriesInfoRow
    {
        public string SeriesId { get; set; } = "";
        public long Count { get; set; }
        public long Latest { get; set; }
        public string Unit { get; set; } = "";
        public string Currency { get; set; } = "";
    }
}
