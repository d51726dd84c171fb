using System.Diagnostics;
using System.Globalization;
using System.Text;
using MonitorBot.Feeds;
using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Yahoo;

namespace MonitorBot.Bench;

/// <summary>Parser throughput on large synthetic payloads (RSS, Yahoo chart JSON, CSV): items/s and MB/s.</summary>
public static class FeedsBench
{
    private const int RssItems = 5_000;
    private const int Bars = 200_000;

    /// <summary>Daily rows from 1910: all inside the dates a price may have (1900 to a week after the fetch).</summary>
    private const int CsvRows = 40_000;
    private static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fetchedAt = TimeProvider.System.GetUtcNow();
        output.WriteLine("feeds bench (parse only, in memory)");
        Measure(output, "rss 2.0 (content:encoded)", BuildRss(RssItems), new RssFeedParser(),
            new FeedSourceOptions { Id = "bench-rss", Kind = "rss" }, fetchedAt, cancellationToken);
        Measure(output, "yahoo chart v8 json", BuildYahoo(Bars), new YahooChartParser(),
            new FeedSourceOptions { Id = "bench-yahoo", Kind = "yahoo" }, fetchedAt, cancellationToken);
        Measure(output, "csv (stooq daily, CRLF)", BuildCsv(CsvRows), new CsvPriceParser(),
            new FeedSourceOptions { Id = "bench-csv", Kind = "csv", Series = "bench" }, fetchedAt, cancellationToken);
        return Task.CompletedTask;
    }

    private static void Measure(TextWriter output, string name, byte[] payload, IFeedParser parser, FeedSourceOptions source,
        DateTimeOffset fetchedAt, CancellationToken cancellationToken)
    {
        var context = new FeedParseContext(source, fetchedAt);
        // Warm-up until the hot methods run as tier-1 code (call counting, then a background compile): a few parses are
        // not enough on a busy machine, and the steady state is what a long-running worker sees.
        var records = 0;
        var warm = Stopwatch.StartNew();
        for (var w = 0; (warm.Elapsed < WarmUp || w < 5) && !cancellationToken.IsCancellationRequested; w++) records = Parse(parser, payload, context);
        var runs = 0;
        var watch = Stopwatch.StartNew();
        while ((watch.Elapsed < MinDuration || runs < 3) && !cancellationToken.IsCancellationRequested)
        {
            Parse(parser, payload, context);
            runs++;
        }
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds / Math.Max(runs, 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-28} {payload.Length / 1048576.0,7:0.00} MB {records,8} records  {seconds * 1000,8:0.0} ms/parse  {records / seconds,12:N0} items/s  {payload.Length / 1048576.0 / seconds,7:0.0} MB/s  ({runs} runs)"));
    }

    private static int Parse(IFeedParser parser, byte[] payload, FeedParseContext context)
    {
        using var stream = new MemoryStream(payload, writable: false);
        return parser.Parse(stream, context).Count;
    }

    private static byte[] BuildRss(int items)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Bench Feed</title><link>https://bench.example/</link><description>synthetic</description>");
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < items; i++)
        {
            var published = start.AddMinutes(i).ToString("r", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"<item><title>Kachin rare earth update {i} &amp; Bhamo border trade</title><link>https://bench.example/{i}</link><guid isPermaLink=\"false\">bench-{i}</guid><pubDate>{published}</pubDate><dc:creator><![CDATA[Desk]]></dc:creator>");
            sb.Append("<description><![CDATA[Short teaser.]]></description><content:encoded><![CDATA[");
            for (var p = 0; p < 4; p++)
            {
                sb.Append("<p><strong>Myitkyina</strong> &#8212; Miners in Chipwe and Pangwa shipped terbium and dysprosium concentrate across the border while the KIA taxed output at 35,000&nbsp;yuan per tonne.</p>");
            }
            sb.Append("]]></content:encoded></item>");
        }
        sb.Append("</channel></rss>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] BuildYahoo(int bars)
    {
        var sb = new StringBuilder();
        sb.Append("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"REMX\",\"exchangeName\":\"PCX\"},\"timestamp\":[");
        for (var i = 0; i < bars; i++) sb.Append(i == 0 ? "" : ",").Append(946_684_800L + (i * 3_600L)); // hourly bars from 2000
        sb.Append("],\"indicators\":{\"quote\":[{");
        AppendSeries(sb, "open", bars, 40.0);
        sb.Append(',');
        AppendSeries(sb, "high", bars, 41.0);
        sb.Append(',');
        AppendSeries(sb, "low", bars, 39.0);
        sb.Append(',');
        AppendSeries(sb, "close", bars, 40.5);
        sb.Append("}]}}],\"error\":null}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendSeries(StringBuilder sb, string name, int bars, double basis)
    {
        sb.Append('"').Append(name).Append("\":[");
        for (var i = 0; i < bars; i++)
        {
            if (i > 0) sb.Append(',');
            if (i % 97 == 0) sb.Append("null");
            else sb.Append((basis + (i % 500 * 0.01)).ToString("0.000", CultureInfo.InvariantCulture));
        }
        sb.Append(']');
    }

    private static byte[] BuildCsv(int rows)
    {
        var sb = new StringBuilder("Date,Open,High,Low,Close,Volume\r\n");
        var day = new DateTime(1910, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            var close = 600 + (i % 1000 * 0.1);
            sb.Append(CultureInfo.InvariantCulture, $"{day.AddDays(i):yyyy-MM-dd},{close - 1:0.###},{close + 2:0.###},{close - 3:0.###},{close:0.###},{80_000_000 + i}\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
