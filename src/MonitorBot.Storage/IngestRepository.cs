using Microsoft.Data.Sqlite;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// Saves one poll's output in one transaction: price and trade upserts (a row counts as written when
/// it is new or its figures changed), news insert-if-new with wire-story duplicate flagging.
/// The per-row loops use one prepared <see cref="SqliteCommand"/> each (Dapper's per-call overhead
/// is measurable at 10k+ rows; see docs/benchmarks.md). It is the only writer of price_observations and keeps
/// price_series.prints (the per-series print count) in step, in the same transaction.
/// </summary>
public sealed class IngestRepository(SqliteConnectionFactory factory) : IIngestStore
{
    /// <summary>Items with the same title key within this window of each other are one wire story.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(3);

    private const int CancellationCheckEvery = 512;

    private const string UpsertPriceSql = """
        INSERT INTO price_observations (series_id, time, value, low, high, unit, currency, basis, source, fetched_at)
        VALUES ($series, $time, $value, $low, $high, $unit, $currency, $basis, $source, $fetched)
        ON CONFLICT (series_id, time, source) DO UPDATE SET
            value = excluded.value, low = excluded.low, high = excluded.high,
            unit = excluded.unit, currency = excluded.currency, basis = excluded.basis, fetched_at = excluded.fetched_at
        WHERE value IS NOT excluded.value OR low IS NOT excluded.low OR high IS NOT excluded.high;
        """;

    private const string UpsertSeriesCountSql = """
        INSERT INTO price_series (series_id, prints) VALUES ($series, $added)
        ON CONFLICT (series_id) DO UPDATE SET prints = prints + excluded.prints;
        """;

    private const string UpsertTradeSql = """
        INSERT INTO trade_flows (reporter, partner, hs_code, period, flow, net_weight_kg, value_usd, source, fetched_at)
        VALUES ($reporter, $partner, $hs, $period, $flow, $kg, $usd, $source, $fetched)
        ON CONFLICT (reporter, partner, flow, period, hs_code) DO UPDATE SET
            net_weight_kg = excluded.net_weight_kg, value_usd = excluded.value_usd,
            source = excluded.source, fetched_at = excluded.fetched_at
        WHERE net_weight_kg IS NOT excluded.net_weight_kg OR value_usd IS NOT excluded.value_usd;
        """;

    // ON CONFLICT DO NOTHING (no target) skips on either unique key: canonical_url, or (source_id, guid).
    private const string InsertNewsSql = """
        INSERT INTO news_items (source_id, guid, url, canonical_url, title, summary, published, fetched_at,
                                effective_time, relevance, entities, title_key, outlet, is_baseline, duplicate_of)
        VALUES ($source, $guid, $url, $canonical, $title, $summary, $published, $fetched,
                $effective, $relevance, $entities, $titleKey, $outlet, $baseline,
                (SELECT coalesce(d.duplicate_of, d.id) FROM news_items d
                 WHERE $titleKey <> '' AND d.title_key = $titleKey
                   AND d.effective_time BETWEEN $effective - $window AND $effective + $window
                 ORDER BY d.id LIMIT 1))
        ON CONFLICT DO NOTHING;
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<IngestResult> SaveAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0)
        {
            return IngestResult.None;
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var affected = new List<string>();
        var pricesWritten = SavePrices(connection, transaction, batch.Prices, affected, cancellationToken);
        var tradeWritten = SaveTrade(connection, transaction, batch.Trade, affected, cancellationToken);
        var inserted = SaveNews(connection, transaction, batch.News, cancellationToken);
        AppendToEvaluationLog(connection, transaction, batch, affected, inserted);
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return new IngestResult(pricesWritten, tradeWritten, inserted.Count, inserted, affected);
    }

    private static int SavePrices(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PriceObservation> prices, List<string> affected, CancellationToken cancellationToken)
    {
        if (prices.Count == 0)
        {
            return 0;
        }

        using var command = Command(connection, transaction, UpsertPriceSql);
        var series = command.Parameters.Add("$series", SqliteType.Text);
        var time = command.Parameters.Add("$time", SqliteType.Integer);
        var value = command.Parameters.Add("$value", SqliteType.Real);
        var low = command.Parameters.Add("$low", SqliteType.Real);
        var high = command.Parameters.Add("$high", SqliteType.Real);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var currency = command.Parameters.Add("$currency", SqliteType.Text);
        var basis = command.Parameters.Add("$basis", SqliteType.Text);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var fetched = command.Parameters.Add("$fetched", SqliteType.Integer);
        command.Prepare();

        var written = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var insertedPerSeries = new Dictionary<string, long>(StringComparer.Ordinal);
        var handle = connection.Handle;
        for (var i = 0; i < prices.Count; i++)
        {
            if (i % CancellationCheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var p = prices[i];
            if (!double.IsFinite(p.Value))
            {
                continue; // NaN/Infinity cannot be stored (SQLite reads NaN as NULL); a parser bug must not lose the batch.
            }

            series.Value = p.SeriesId;
            time.Value = UnixMs.To(p.Time);
            value.Value = p.Value;
            low.Value = Db(p.Low);
            high.Value = Db(p.High);
            unit.Value = p.Unit;
            currency.Value = p.Currency;
            basis.Value = Db(p.Basis);
            source.Value = p.Source;
            fetched.Value = UnixMs.To(p.FetchedAt);
            var lastRowId = SQLitePCL.raw.sqlite3_last_insert_rowid(handle);
            if (command.ExecuteNonQuery() > 0)
            {
                written++;
                if (seen.Add(p.SeriesId))
                {
                    affected.Add(p.SeriesId);
                }

                // An upsert that updated leaves last_insert_rowid alone; an insert sets it to the new row's id.
                if (SQLitePCL.raw.sqlite3_last_insert_rowid(handle) != lastRowId)
                {
                    insertedPerSeries[p.SeriesId] = insertedPerSeries.GetValueOrDefault(p.SeriesId) + 1;
                }
            }
        }

        if (insertedPerSeries.Count > 0)
        {
            using var counts = Command(connection, transaction, UpsertSeriesCountSql);
            var id = counts.Parameters.Add("$series", SqliteType.Text);
            var added = counts.Parameters.Add("$added", SqliteType.Integer);
            foreach (var (seriesId, n) in insertedPerSeries)
            {
                id.Value = seriesId;
                added.Value = n;
                counts.ExecuteNonQuery();
            }
        }

        return written;
    }

    private static int SaveTrade(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<TradeFlow> trade, List<string> affected, CancellationToken cancellationToken)
    {
        if (trade.Count == 0)
        {
            return 0;
        }

        using var command = Command(connection, transaction, UpsertTradeSql);
        var reporter = command.Parameters.Add("$reporter", SqliteType.Integer);
        var partner = command.Parameters.Add("$partner", SqliteType.Integer);
        var hs = command.Parameters.Add("$hs", SqliteType.Text);
        var period = command.Parameters.Add("$period", SqliteType.Text);
        var flow = command.Parameters.Add("$flow", SqliteType.Text);
        var kg = command.Parameters.Add("$kg", SqliteType.Real);
        var usd = command.Parameters.Add("$usd", SqliteType.Real);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var fetched = command.Parameters.Add("$fetched", SqliteType.Integer);
        command.Prepare();

        var written = 0;
        var chinaFromMyanmar = false;
        for (var i = 0; i < trade.Count; i++)
        {
            if (i % CancellationCheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var t = trade[i];
            reporter.Value = t.ReporterCode;
            partner.Value = t.PartnerCode;
            hs.Value = t.HsCode;
            period.Value = t.Period;
            flow.Value = t.FlowCode;
            kg.Value = Db(t.NetWeightKg);
            usd.Value = Db(t.ValueUsd);
            source.Value = t.Source;
            fetched.Value = UnixMs.To(t.FetchedAt);
            if (command.ExecuteNonQuery() > 0)
            {
                written++;
                chinaFromMyanmar |= t.ReporterCode == SeriesIds.ChinaReporterCode && t.PartnerCode == SeriesIds.MyanmarPartnerCode;
            }
        }

        if (chinaFromMyanmar && !affected.Contains(SeriesIds.ChinaImportsFromMyanmar))
        {
            affected.Add(SeriesIds.ChinaImportsFromMyanmar);
        }

        return written;
    }

    private static List<NewsItem> SaveNews(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<NewsItem> news, CancellationToken cancellationToken)
    {
        var inserted = new List<NewsItem>();
        if (news.Count == 0)
        {
            return inserted;
        }

        using var command = Command(connection, transaction, InsertNewsSql);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var guid = command.Parameters.Add("$guid", SqliteType.Text);
        var url = command.Parameters.Add("$url", SqliteType.Text);
        var canonical = command.Parameters.Add("$canonical", SqliteType.Text);
        var title = command.Parameters.Add("$title", SqliteType.Text);
        var summary = command.Parameters.Add("$summary", SqliteType.Text);
        var published = command.Parameters.Add("$published", SqliteType.Integer);
        var fetched = command.Parameters.Add("$fetched", SqliteType.Integer);
        var effective = command.Parameters.Add("$effective", SqliteType.Integer);
        var relevance = command.Parameters.Add("$relevance", SqliteType.Real);
        var entities = command.Parameters.Add("$entities", SqliteType.Text);
        var titleKey = command.Parameters.Add("$titleKey", SqliteType.Text);
        var outlet = command.Parameters.Add("$outlet", SqliteType.Text);
        var baseline = command.Parameters.Add("$baseline", SqliteType.Integer);
        command.Parameters.Add("$window", SqliteType.Integer).Value = (long)DuplicateWindow.TotalMilliseconds;
        command.Prepare();

        for (var i = 0; i < news.Count; i++)
        {
            if (i % CancellationCheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var n = news[i];
            var stored = n with
            {
                Published = UnixMs.Round(n.Published),
                FetchedAt = UnixMs.Round(n.FetchedAt),
                TitleKey = n.TitleKey ?? string.Empty,
                Entities = n.Entities ?? [],
                Relevance = double.IsFinite(n.Relevance) ? n.Relevance : 0.0,
            };
            source.Value = stored.SourceId;
            guid.Value = string.IsNullOrEmpty(stored.Guid) ? DBNull.Value : stored.Guid;
            url.Value = stored.Url;
            canonical.Value = stored.CanonicalUrl;
            title.Value = stored.Title;
            summary.Value = Db(stored.Summary);
            published.Value = Db(UnixMs.To(stored.Published));
            fetched.Value = UnixMs.To(stored.FetchedAt);
            effective.Value = UnixMs.To(stored.EffectiveTime);
            relevance.Value = stored.Relevance;
            entities.Value = EntitiesJson.Write(stored.Entities);
            titleKey.Value = stored.TitleKey;
            outlet.Value = Db(stored.Outlet);
            baseline.Value = stored.IsBaseline ? 1L : 0L;
            if (command.ExecuteNonQuery() > 0)
            {
                inserted.Add(stored);
            }
        }

        return inserted;
    }

    /// <summary>
    /// Logs what the alert engine must evaluate, in the write's own transaction: one row per series whose history
    /// changed and one for relevant, non-baseline news. The engine consumes the log (see IAlertWriteSession), so a
    /// crash right after this commit is caught up at the next start, whichever process wrote.
    /// </summary>
    private static void AppendToEvaluationLog(SqliteConnection connection, SqliteTransaction transaction, IngestBatch batch, List<string> affected, List<NewsItem> inserted)
    {
        var relevantNews = inserted.Count(n => n.IsRelevant && !n.IsBaseline);
        if (affected.Count == 0 && relevantNews == 0)
        {
            return;
        }

        var at = batch.Prices.Select(p => p.FetchedAt)
            .Concat(batch.Trade.Select(t => t.FetchedAt))
            .Concat(batch.News.Select(n => n.FetchedAt))
            .Max();
        using var command = Command(connection, transaction, EvaluationLog.InsertSql);
        var kind = command.Parameters.Add("$kind", SqliteType.Text);
        var series = command.Parameters.Add("$series", SqliteType.Text);
        var items = command.Parameters.Add("$items", SqliteType.Integer);
        command.Parameters.Add("$at", SqliteType.Integer).Value = UnixMs.To(at);
        command.Parameters.Add("$source", SqliteType.Text).Value = batch.SourceId;
        foreach (var id in affected)
        {
            kind.Value = EvaluationLog.SeriesKind;
            series.Value = id;
            items.Value = 1L;
            command.ExecuteNonQuery();
        }

        if (relevantNews > 0)
        {
            kind.Value = EvaluationLog.NewsKind;
            series.Value = DBNull.Value;
            items.Value = (long)relevantNews;
            command.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    private static object Db(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;

    private static object Db(long? value) => value is { } v ? v : DBNull.Value;
}
