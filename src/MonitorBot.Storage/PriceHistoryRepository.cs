using Dapper;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>Series history for detectors, charts and the CLI.</summary>
public sealed class PriceHistoryRepository(SqliteConnectionFactory factory) : IPriceHistory
{
    private static readonly string TradeSql = TradeMonthsSql.Build(newestFirst: false);
    private static readonly string LatestTradeSql = TradeMonthsSql.Build(newestFirst: true);

    // Two index seeks on (series_id, time, source): the newest time at or before @asOf, then the range before it.
    private const string TailSql = $"""
        SELECT {PriceRow.Columns} FROM price_observations p
        WHERE p.series_id = @seriesId AND p.time <= @asOf
          AND p.time >= (SELECT max(q.time) FROM price_observations q WHERE q.series_id = @seriesId AND q.time <= @asOf) - @lookback
        ORDER BY p.time, p.fetched_at DESC, p.id DESC;
        """;

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
        return OnePerTime(rows);
    }

    public async Task<IReadOnlyList<PriceObservation>> GetSeriesTailAsync(string seriesId, DateTimeOffset asOf, TimeSpan lookback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seriesId);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PriceRow>(new CommandDefinition(
            TailSql,
            new { seriesId, asOf = UnixMs.To(asOf), lookback = (long)Math.Max(0, lookback.TotalMilliseconds) },
            cancellationToken: cancellationToken));
        return OnePerTime(rows);
    }

    public async Task<IReadOnlyList<TradeMonth>> GetLatestTradeMonthsAsync(DateTimeOffset asOf, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var rows = await QueryTradeAsync(LatestTradeSql, "000000", TradePeriod.Monthly(asOf), count, cancellationToken);
        var months = rows.ToList();
        months.Reverse();
        return months;
    }

    /// <summary>Rows ordered by time then latest fetched first: the first row of each time wins (same time from another source).</summary>
    private static List<PriceObservation> OnePerTime(IEnumerable<PriceRow> rows)
    {
        var result = new List<PriceObservation>();
        long? lastTime = null;
        foreach (var row in rows)
        {
            if (row.Time == lastTime)
            {
                continue;
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
        return await QueryTradeAsync(TradeSql, FirstPeriodStartingAtOrAfter(from), TradePeriod.Monthly(to), -1, cancellationToken);
    }

    /// <summary>China (156) imports from Myanmar (104), monthly periods in [fromPeriod, toPeriod], at most <paramref name="limit"/> (-1: all).</summary>
    private async Task<List<TradeMonth>> QueryTradeAsync(string sql, string fromPeriod, string toPeriod, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TradeMonthRow>(new CommandDefinition(
            sql,
            new { Reporter = SeriesIds.ChinaReporterCode, Partner = SeriesIds.MyanmarPartnerCode, FromPeriod = fromPeriod, ToPeriod = toPeriod, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToModel()).ToList();
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
