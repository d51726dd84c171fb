using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// The status inputs as of a time, read in one snapshot (a read transaction): one indexed query per
/// requested series, one for trade months, one for news, one for feeds.
/// </summary>
public sealed class StatusReadModel(SqliteConnectionFactory factory) : IStatusReader
{
    // Latest print at or before @AsOf, the print before it (strictly earlier time, any source) and the baseline
    // (newest at or before Latest.Time - @BaselineMs). Each time is one max() seek on the (series_id, time, source)
    // index; then the rows at those times are read (several sources may print the same time: ordered so that the
    // latest fetched comes first). CROSS JOIN pins the join order (times outer, index seek inner).
    // Count = the kept per-series total minus prints after @AsOf (none when reading "now").
    internal const string SeriesSql = $"""
        WITH lt(t) AS (
            SELECT max(time) FROM price_observations WHERE series_id = @SeriesId AND time <= @AsOf),
        times(role, t) AS (
            SELECT 0, t FROM lt
            UNION ALL
            SELECT 1, (SELECT max(time) FROM price_observations WHERE series_id = @SeriesId AND time < lt.t) FROM lt
            UNION ALL
            SELECT 2, (SELECT max(time) FROM price_observations WHERE series_id = @SeriesId AND time <= lt.t - @BaselineMs) FROM lt),
        cnt(n) AS (
            SELECT coalesce((SELECT prints FROM price_series WHERE series_id = @SeriesId), 0)
                 - (SELECT count(*) FROM price_observations WHERE series_id = @SeriesId AND time > @AsOf))
        SELECT times.role AS Role, cnt.n AS Count, {PriceRow.Columns}
        FROM times CROSS JOIN price_observations p CROSS JOIN cnt
        WHERE p.series_id = @SeriesId AND p.time = times.t
        ORDER BY times.role, p.fetched_at DESC, p.id DESC;
        """;

    internal const string NewsSql = $"""
        SELECT {NewsRow.Columns}
        FROM news_items n
        WHERE n.duplicate_of IS NULL AND n.effective_time >= @From AND n.effective_time <= @AsOf AND n.relevance >= @MinRelevance
        ORDER BY n.relevance DESC, n.effective_time DESC, n.id DESC
        LIMIT @Limit;
        """;

    internal static readonly string TradeSql = TradeMonthsSql.Build(newestFirst: true);

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<StatusSnapshot> ReadAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        // A deferred transaction: every query below sees the same snapshot of the WAL database.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var asOf = UnixMs.To(query.AsOf);

        var prices = new List<SeriesSnapshot>(query.PriceSeries.Count);
        foreach (var seriesId in query.PriceSeries.Distinct(StringComparer.Ordinal))
        {
            var snapshot = await ReadSeriesAsync(connection, transaction, seriesId, asOf, UnixMs.Days(query.BaselineDays), cancellationToken);
            if (snapshot is not null)
            {
                prices.Add(snapshot);
            }
        }

        IReadOnlyList<TradeMonth> trade = [];
        if (query.TradeMonths > 0)
        {
            var rows = await connection.QueryAsync<TradeMonthRow>(new CommandDefinition(
                TradeSql,
                new
                {
                    Reporter = SeriesIds.ChinaReporterCode,
                    Partner = SeriesIds.MyanmarPartnerCode,
                    FromPeriod = "000000",
                    ToPeriod = TradePeriod.Monthly(query.AsOf),
                    Limit = query.TradeMonths,
                },
                transaction,
                cancellationToken: cancellationToken));
            trade = [.. rows.Select(r => r.ToModel())];
        }

        IReadOnlyList<NewsItem> news = [];
        if (query.NewsLimit > 0)
        {
            var rows = await connection.QueryAsync<NewsRow>(new CommandDefinition(
                NewsSql,
                new { From = asOf - UnixMs.Days(query.NewsDays), AsOf = asOf, MinRelevance = query.MinNewsRelevance, Limit = query.NewsLimit },
                transaction,
                cancellationToken: cancellationToken));
            news = [.. rows.Select(r => r.ToModel())];
        }

        var feedRows = await connection.QueryAsync<FeedRow>(new CommandDefinition(
            $"SELECT {FeedStateRepository.SelectColumns} FROM feeds ORDER BY source_id;", transaction: transaction, cancellationToken: cancellationToken));
        IReadOnlyList<FeedState> feeds = [.. feedRows.Select(r => r.ToModel())];

        await transaction.CommitAsync(cancellationToken);
        return new StatusSnapshot(query.AsOf, prices, trade, news, feeds);
    }

    private static async Task<SeriesSnapshot?> ReadSeriesAsync(SqliteConnection connection, SqliteTransaction transaction, string seriesId, long asOf, long baselineMs, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PriceRow>(new CommandDefinition(
            SeriesSql, new { SeriesId = seriesId, AsOf = asOf, BaselineMs = baselineMs }, transaction, cancellationToken: cancellationToken));
        PriceRow? latest = null, previous = null, baseline = null;
        foreach (var row in rows)
        {
            // Rows come role by role, the latest fetched first: keep the first of each role.
            switch (row.Role)
            {
                case 0: latest ??= row; break;
                case 1: previous ??= row; break;
                default: baseline ??= row; break;
            }
        }

        return latest is null
            ? null
            : new SeriesSnapshot(seriesId, latest.ToModel(), previous?.ToModel(), baseline?.ToModel(), latest.Count);
    }
}
