using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Storage;

namespace MonitorBot.Bench;

/// <summary>
/// Storage figures: ingest throughput against a raw prepared INSERT loop, and read latency of the status
/// read model, price history and news reader on a database of 1,000,000 price prints and 100,000 news items.
/// </summary>
public static class StorageBench
{
    private const int SeriesCount = 20;
    private const int PricesPerSeries = 50_000; // hourly: ~5.7 years per series
    private const int NewsCount = 100_000;
    private const int PriceBatch = 10_000;
    private const int NewsBatch = 1_000;
    private const int Runs = 50;
    private const int WarmUp = 5;

    private static readonly DateTimeOffset Start = new(2019, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(PricesPerSeries);
    private static readonly string[] Series = BuildSeriesIds();

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = Path.Combine(Path.GetTempPath(), "monitorbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var rows = new List<(string What, string Figure)>();
        try
        {
            output.WriteLine($"storage bench: {SeriesCount * PricesPerSeries:N0} prices, {NewsCount:N0} news in {root}");

            // Raw baseline: one prepared plain INSERT, one transaction, same schema.
            using (var raw = await MonitorBotStorage.OpenAsync(Path.Combine(root, "raw.db"), TimeProvider.System, null, cancellationToken))
            {
                var rawPrices = await RawInsertPricesAsync(raw.Factory, cancellationToken);
                rows.Add(("Raw prepared INSERT, prices (1 tx)", Rate(SeriesCount * PricesPerSeries, rawPrices)));
                var rawNews = await RawInsertNewsAsync(raw.Factory, cancellationToken);
                rows.Add(("Raw prepared INSERT, news (1 tx)", Rate(NewsCount, rawNews)));
            }

            // Dapper multi-exec of the same upsert, to justify the hand-prepared command in IngestRepository.
            using (var dapper = await MonitorBotStorage.OpenAsync(Path.Combine(root, "dapper.db"), TimeProvider.System, null, cancellationToken))
            {
                var elapsed = await DapperUpsertPricesAsync(dapper.Factory, 200_000, cancellationToken);
                rows.Add(("Dapper ExecuteAsync(list) price upsert, 200k (1 tx)", Rate(200_000, elapsed)));
            }

            using var storage = await MonitorBotStorage.OpenAsync(Path.Combine(root, "bench.db"), TimeProvider.System, null, cancellationToken);
            var sw = Stopwatch.StartNew();
            var written = 0;
            for (var offset = 0; offset < PricesPerSeries * SeriesCount; offset += PriceBatch)
            {
                var batch = new IngestBatch("bench", PriceRows(offset, PriceBatch), [], []);
                written += (await storage.Ingest.SaveAsync(batch, cancellationToken)).PricesWritten;
            }

            sw.Stop();
            Check(written == SeriesCount * PricesPerSeries, $"prices written {written}");
            rows.Add(($"IngestRepository prices, {PriceBatch:N0}-row batches", Rate(written, sw.Elapsed)));

            sw.Restart();
            var inserted = 0;
            for (var offset = 0; offset < NewsCount; offset += NewsBatch)
            {
                var batch = new IngestBatch("bench", [], [], NewsRows(offset, NewsBatch));
                inserted += (await storage.Ingest.SaveAsync(batch, cancellationToken)).NewsInserted;
            }

            sw.Stop();
            Check(inserted == NewsCount, $"news inserted {inserted}");
            rows.Add(($"IngestRepository news, {NewsBatch:N0}-item batches (dedupe lookups)", Rate(inserted, sw.Elapsed)));

            sw.Restart();
            var again = await storage.Ingest.SaveAsync(new IngestBatch("bench", PriceRows(0, PriceBatch), [], []), cancellationToken);
            sw.Stop();
            Check(again.PricesWritten == 0, "re-save wrote rows");
            rows.Add(($"Re-save of an unchanged {PriceBatch:N0}-price batch", $"{sw.Elapsed.TotalMilliseconds:F1} ms (0 written)"));

            await SeedTradeAndFeedsAsync(storage, cancellationToken);
            await using (var connection = await storage.Factory.OpenAsync(cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA optimize;", cancellationToken: cancellationToken));
            }

            var asOf = End.AddHours(-1);
            var three = new StatusQuery(asOf, [SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide, SeriesIds.NdPrOxide]);
            var all = new StatusQuery(asOf, Series);
            var snapshot = await storage.Status.ReadAsync(three, cancellationToken);
            Check(snapshot.Prices.Count == 3 && snapshot.Trade.Count == 25 && snapshot.News.Count == 10 && snapshot.Feeds.Count == SeriesCount, "status contents");
            rows.Add(("StatusReadModel.ReadAsync, 3 series (median / p95)", await TimeAsync(() => storage.Status.ReadAsync(three, cancellationToken))));
            rows.Add(($"StatusReadModel.ReadAsync, {SeriesCount} series (median / p95)", await TimeAsync(() => storage.Status.ReadAsync(all, cancellationToken))));

            var history = await storage.PriceHistory.GetSeriesAsync(SeriesIds.TerbiumOxide, asOf.AddDays(-90), asOf, cancellationToken);
            Check(history.Count > 2000, $"history rows {history.Count}");
            rows.Add(($"PriceHistory.GetSeriesAsync, 90 days ({history.Count:N0} prints) (median / p95)", await TimeAsync(() => storage.PriceHistory.GetSeriesAsync(SeriesIds.TerbiumOxide, asOf.AddDays(-90), asOf, cancellationToken))));

            await AddNewsReaderRowsAsync(storage.News, asOf, rows, cancellationToken);

            output.WriteLine();
            output.WriteLine("| Storage operation | Result |");
            output.WriteLine("| --- | --- |");
            foreach (var (what, figure) in rows)
            {
                output.WriteLine($"| {what} | {figure} |");
            }

            output.WriteLine();
            output.WriteLine($"database file: {new FileInfo(storage.Factory.DatabasePath).Length / (1024.0 * 1024):F0} MiB");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>INewsReader on the 100k news: a 30-day listing, and searches over 30 days and over the whole history.</summary>
    private static async Task AddNewsReaderRowsAsync(INewsReader news, DateTimeOffset asOf, List<(string What, string Figure)> rows, CancellationToken cancellationToken)
    {
        var month = asOf.AddDays(-30);
        var recent = await news.GetRecentAsync(month, asOf, NewsItem.RelevantThreshold, 20, cancellationToken);
        Check(recent.Count == 20 && recent[0].EffectiveTime >= recent[^1].EffectiveTime, "news recent");
        rows.Add(("NewsReadRepository.GetRecentAsync, 30 days, limit 20 (median / p95)", await TimeAsync(() => news.GetRecentAsync(month, asOf, NewsItem.RelevantThreshold, 20, cancellationToken))));

        // "terbium" is in every summary: every candidate matches and is sorted by relevance.
        var common = await news.SearchAsync("terbium", month, asOf, NewsItem.RelevantThreshold, 10, cancellationToken);
        Check(common.Count == 10 && common[0].Relevance >= common[^1].Relevance, "news search 30 days");
        rows.Add(("NewsReadRepository.SearchAsync \"terbium\" (matches all), 30 days, limit 10 (median / p95)", await TimeAsync(() => news.SearchAsync("terbium", month, asOf, NewsItem.RelevantThreshold, 10, cancellationToken))));

        var rare = await news.SearchAsync("(item 4242)", Start, End, 0.0, 10, cancellationToken);
        Check(rare.Count == 1, $"news search rare {rare.Count}");
        rows.Add(("NewsReadRepository.SearchAsync \"(item 4242)\" (1 match), all 100k, limit 10 (median / p95)", await TimeAsync(() => news.SearchAsync("(item 4242)", Start, End, 0.0, 10, cancellationToken))));

        var all = await news.SearchAsync("terbium", Start, End, NewsItem.RelevantThreshold, 10, cancellationToken);
        Check(all.Count == 10, "news search all");
        rows.Add(("NewsReadRepository.SearchAsync \"terbium\" (matches all), all 100k, limit 10 (median / p95)", await TimeAsync(() => news.SearchAsync("terbium", Start, End, NewsItem.RelevantThreshold, 10, cancellationToken))));
    }

    private static string[] BuildSeriesIds()
    {
        var ids = new List<string> { SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide, SeriesIds.NdPrOxide };
        for (var i = ids.Count; i < SeriesCount; i++)
        {
            ids.Add(string.Create(CultureInfo.InvariantCulture, $"bench-{i:D2}"));
        }

        return [.. ids];
    }

    /// <summary>Rows [offset, offset + count) of the 1M sequence: series-major, hourly.</summary>
    private static List<PriceObservation> PriceRows(int offset, int count)
    {
        var list = new List<PriceObservation>(count);
        for (var i = offset; i < offset + count; i++)
        {
            var series = Series[i / PricesPerSeries];
            var hour = i % PricesPerSeries;
            var time = Start.AddHours(hour);
            var value = 1000 + (i % 997) + Math.Sin(hour / 50.0) * 100;
            list.Add(new PriceObservation(series, time, value, "CNY/kg", "CNY", "bench", time.AddMinutes(10), value - 5, value + 5, "ex-works"));
        }

        return list;
    }

    private static List<NewsItem> NewsRows(int offset, int count)
    {
        var list = new List<NewsItem>(count);
        var step = (End - Start) / NewsCount;
        for (var i = offset; i < offset + count; i++)
        {
            var published = Start + step * i;
            var relevance = ((i * 7919) % 1000) / 1000.0;
            var key = (i % 10 == 9 ? i - 1 : i).ToString(CultureInfo.InvariantCulture); // every 10th item repeats a wire story
            list.Add(new NewsItem(
                "bench-rss",
                "guid-" + i.ToString(CultureInfo.InvariantCulture),
                $"https://news.example.org/a/{i}?utm_source=bench",
                $"https://news.example.org/a/{i}",
                $"KIA and junta clash near Bhamo, rare earth shipments to China slow (item {i})",
                "Synthetic summary: dysprosium and terbium supply from Chipwe and Pangwa.",
                published,
                published.AddMinutes(7),
                relevance,
                ["KIA", "Bhamo", "terbium"],
                "title-" + key,
                "Bench Outlet"));
        }

        return list;
    }

    private static async Task SeedTradeAndFeedsAsync(MonitorBotStorage storage, CancellationToken cancellationToken)
    {
        var trade = new List<TradeFlow>();
        for (var month = new DateTimeOffset(Start.Year, Start.Month, 1, 0, 0, 0, TimeSpan.Zero); month <= End; month = month.AddMonths(1))
        {
            var period = TradePeriod.Monthly(month);
            trade.Add(new TradeFlow(156, 104, "2846", period, "M", 2_000_000, 30_000_000, "comtrade", month.AddDays(40)));
            trade.Add(new TradeFlow(156, 104, "284690", period, "M", 1_500_000, 20_000_000, "comtrade", month.AddDays(40)));
            trade.Add(new TradeFlow(156, 104, "280530", period, "M", 20_000, 1_000_000, "comtrade", month.AddDays(40)));
        }

        await storage.Ingest.SaveAsync(new IngestBatch("comtrade", [], trade, []), cancellationToken);
        foreach (var id in Series)
        {
            await storage.FeedStates.UpsertAsync(new FeedState("feed-" + id, "csv", FeedStatus.Ok, LastSuccess: End, ItemsTotal: PricesPerSeries), cancellationToken);
        }
    }

    private static async Task<TimeSpan> RawInsertPricesAsync(SqliteConnectionFactory factory, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var sw = Stopwatch.StartNew();
        await using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO price_observations (series_id, time, value, low, high, unit, currency, basis, source, fetched_at)
            VALUES ($s, $t, $v, $l, $h, $u, $c, $b, $src, $f);
            """;
        var s = command.Parameters.Add("$s", SqliteType.Text);
        var t = command.Parameters.Add("$t", SqliteType.Integer);
        var v = command.Parameters.Add("$v", SqliteType.Real);
        var l = command.Parameters.Add("$l", SqliteType.Real);
        var h = command.Parameters.Add("$h", SqliteType.Real);
        var u = command.Parameters.Add("$u", SqliteType.Text);
        var c = command.Parameters.Add("$c", SqliteType.Text);
        var b = command.Parameters.Add("$b", SqliteType.Text);
        var src = command.Parameters.Add("$src", SqliteType.Text);
        var f = command.Parameters.Add("$f", SqliteType.Integer);
        command.Prepare();
        for (var offset = 0; offset < SeriesCount * PricesPerSeries; offset += PriceBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var p in PriceRows(offset, PriceBatch))
            {
                s.Value = p.SeriesId;
                t.Value = p.Time.ToUnixTimeMilliseconds();
                v.Value = p.Value;
                l.Value = p.Low!.Value;
                h.Value = p.High!.Value;
                u.Value = p.Unit;
                c.Value = p.Currency;
                b.Value = p.Basis!;
                src.Value = p.Source;
                f.Value = p.FetchedAt.ToUnixTimeMilliseconds();
                command.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return sw.Elapsed;
    }

    private static async Task<TimeSpan> RawInsertNewsAsync(SqliteConnectionFactory factory, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var sw = Stopwatch.StartNew();
        await using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO news_items (source_id, guid, url, canonical_url, title, summary, published, fetched_at,
                                    effective_time, relevance, entities, title_key, outlet, is_baseline)
            VALUES ($s, $g, $u, $cu, $t, $sum, $p, $f, $e, $r, $ent, $k, $o, 0);
            """;
        var names = new[] { "$s", "$g", "$u", "$cu", "$t", "$sum", "$p", "$f", "$e", "$r", "$ent", "$k", "$o" };
        var ps = names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
        command.Prepare();
        for (var offset = 0; offset < NewsCount; offset += NewsBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var n in NewsRows(offset, NewsBatch))
            {
                ps[0].Value = n.SourceId;
                ps[1].Value = n.Guid!;
                ps[2].Value = n.Url;
                ps[3].Value = n.CanonicalUrl;
                ps[4].Value = n.Title;
                ps[5].Value = n.Summary!;
                ps[6].Value = n.Published!.Value.ToUnixTimeMilliseconds();
                ps[7].Value = n.FetchedAt.ToUnixTimeMilliseconds();
                ps[8].Value = n.EffectiveTime.ToUnixTimeMilliseconds();
                ps[9].Value = n.Relevance;
                ps[10].Value = "[\"KIA\",\"Bhamo\",\"terbium\"]";
                ps[11].Value = n.TitleKey;
                ps[12].Value = n.Outlet!;
                command.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return sw.Elapsed;
    }

    private static async Task<TimeSpan> DapperUpsertPricesAsync(SqliteConnectionFactory factory, int count, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var sw = Stopwatch.StartNew();
        await using var transaction = connection.BeginTransaction(deferred: false);
        for (var offset = 0; offset < count; offset += PriceBatch)
        {
            var args = PriceRows(offset, PriceBatch).Select(p => new
            {
                p.SeriesId,
                Time = p.Time.ToUnixTimeMilliseconds(),
                p.Value,
                p.Low,
                p.High,
                p.Unit,
                p.Currency,
                p.Basis,
                p.Source,
                FetchedAt = p.FetchedAt.ToUnixTimeMilliseconds(),
            });
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO price_observations (series_id, time, value, low, high, unit, currency, basis, source, fetched_at)
                VALUES (@SeriesId, @Time, @Value, @Low, @High, @Unit, @Currency, @Basis, @Source, @FetchedAt)
                ON CONFLICT (series_id, time, source) DO UPDATE SET value = excluded.value, low = excluded.low, high = excluded.high,
                    unit = excluded.unit, currency = excluded.currency, basis = excluded.basis, fetched_at = excluded.fetched_at
                WHERE value IS NOT excluded.value OR low IS NOT excluded.low OR high IS NOT excluded.high;
                """,
                args,
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return sw.Elapsed;
    }

    private static async Task<string> TimeAsync<T>(Func<Task<T>> action)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await action();
        }

        var samples = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            samples[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        var median = samples[Runs / 2];
        var p95 = samples[(int)Math.Ceiling(Runs * 0.95) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{median:F2} ms / {p95:F2} ms");
    }

    private static string Rate(int rows, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows / elapsed.TotalSeconds:N0} rows/s ({elapsed.TotalSeconds:F2} s)");

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("storage bench self-check failed: " + what);
        }
    }
}
