using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Hosting;

namespace MonitorBot.Bench;

/// <summary>
/// Issue 8: the cost of evaluating every write. One manual quote saved alone (the baseline) against the same save followed
/// by the alert engine's pass (write session, backlog read, series tail, detectors, lifecycle, cursor), on a database with
/// five years of weekly Tb/Dy quotes, three years of trade months and 2,000 recent news items; and the idle lag check
/// the worker makes every EvaluationInterval.
/// </summary>
public static class EvaluationBench
{
    private const int Writes = 400;
    private static readonly DateTimeOffset Start = new(2020, 1, 6, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "monitorbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var db = Path.Combine(root, "eval.db");
            await File.WriteAllTextAsync(Path.Combine(root, "monitorbot.json"),
                $$"""{ "Storage": { "Path": "{{db.Replace("\\", "/", StringComparison.Ordinal)}}" }, "Feeds": { "Sources": [] } }""", cancellationToken);
            using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = root, Quiet = true }).Build();
            await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(cancellationToken);
            var ingest = host.Services.GetRequiredService<IIngestStore>();
            var engine = host.Services.GetRequiredService<AlertEngine>();
            var alerts = host.Services.GetRequiredService<IAlertStore>();
            var seededUntil = await SeedAsync(ingest, cancellationToken);
            await engine.EvaluatePendingAsync(seededUntil, cancellationToken, everything: true);

            // Alternate two series so each write is a real move of its own series (a few fire, most do not).
            var saveOnly = new List<double>(Writes);
            var saveAndEvaluate = new List<double>(Writes);
            var at = seededUntil;
            for (var i = 0; i < Writes * 2; i++)
            {
                at = at.AddDays(1);
                var series = i % 2 == 0 ? SeriesIds.TerbiumOxide : SeriesIds.DysprosiumOxide;
                var value = (series == SeriesIds.TerbiumOxide ? 6500 : 1650) * (1 + 0.02 * Math.Sin(i / 7.0));
                var batch = new IngestBatch("manual", [new PriceObservation(series, at, value, "kg", "CNY", "manual", at)], [], []);
                var sw = Stopwatch.StartNew();
                await ingest.SaveAsync(batch, cancellationToken);
                if (i >= Writes)
                {
                    await engine.EvaluatePendingAsync(at, cancellationToken);
                    saveAndEvaluate.Add(sw.Elapsed.TotalMilliseconds);
                }
                else
                {
                    saveOnly.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            // The first half left its writes unevaluated: drain them so the lag check below sees a caught-up log.
            await engine.EvaluatePendingAsync(at, cancellationToken);

            var lag = new List<double>(Writes);
            for (var i = 0; i < Writes; i++)
            {
                var sw = Stopwatch.StartNew();
                await alerts.GetEvaluationLagAsync(cancellationToken);
                lag.Add(sw.Elapsed.TotalMilliseconds);
            }

            var baseline = Median(saveOnly);
            var evaluated = Median(saveAndEvaluate);
            output.WriteLine("| Evaluation per write (median of 400) | Result |");
            output.WriteLine("| --- | --- |");
            output.WriteLine(Row("Save one quote (baseline)", $"{baseline:0.000} ms (p95 {P95(saveOnly):0.000} ms)"));
            output.WriteLine(Row("Save one quote + evaluation pass", $"{evaluated:0.000} ms (p95 {P95(saveAndEvaluate):0.000} ms), {evaluated / baseline:0.0}× the save alone"));
            output.WriteLine(Row("Evaluation alone (difference)", $"{evaluated - baseline:0.000} ms"));
            output.WriteLine(Row("Idle lag check (every EvaluationInterval)", $"{Median(lag):0.000} ms (p95 {P95(lag):0.000} ms), {Median(lag) / baseline:0.00}× one save"));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<DateTimeOffset> SeedAsync(IIngestStore ingest, CancellationToken cancellationToken)
    {
        var prices = new List<PriceObservation>();
        var end = Start;
        for (var week = 0; week < 260; week++)
        {
            end = Start.AddDays(7 * week);
            prices.Add(new PriceObservation(SeriesIds.TerbiumOxide, end, 6000 + 10 * Math.Sin(week), "kg", "CNY", "smm", end));
            prices.Add(new PriceObservation(SeriesIds.DysprosiumOxide, end, 1600 + 5 * Math.Cos(week), "kg", "CNY", "smm", end));
        }

        var trade = new List<TradeFlow>();
        for (var m = 0; m < 36; m++)
        {
            var month = end.AddMonths(-36 + m);
            trade.Add(new TradeFlow(156, 104, "2846", month.ToString("yyyyMM", CultureInfo.InvariantCulture), "M", 3_000_000 + 1000 * m, null, "comtrade", end));
        }

        var news = new List<NewsItem>();
        for (var n = 0; n < 2000; n++)
        {
            var t = end.AddMinutes(-20 * n);
            news.Add(new NewsItem("bench", $"g{n}", $"https://news.example.org/{n}", $"https://news.example.org/{n}", $"Kachin rare earth item {n}",
                null, t, t, 0.1, [], $"key{n}", "Example", IsBaseline: true));
        }

        await ingest.SaveAsync(new IngestBatch("seed", prices, trade, news), cancellationToken);
        return end;
    }

    private static string Row(string what, string figure) => $"| {what} | {figure} |";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double P95(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)(sorted.Count * 0.95)];
    }
}
