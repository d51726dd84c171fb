using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;

namespace MonitorBot.Worker.Cli;

/// <summary><c>monitorbot backtest</c>: the configured price rules over a CSV history or stored series, to tune thresholds before enabling them.</summary>
internal static class BacktestVerb
{
    public sealed record AlertLine(DateTimeOffset Time, double Value, string Severity, string Reason);
    public sealed record ScoreLine(DateTimeOffset Time, double Value, double Score);
    public sealed record ExplainLine(
        DateTimeOffset Time, double Value, double Score, double? PctVsPrevious, double? PctVsBaseline, double? ZScore, double FixedScore,
        double? AdaptiveScore, double? Surprise, double? WindowSurprise, double? LongSurprise, string? Note);

    /// <summary>Rows before this are implausible for a price (a 0001-01-01 placeholder, a parsing accident) and are skipped.</summary>
    private static readonly DateTimeOffset EarliestPlausible = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Command Build(CliContext context)
    {
        var csv = new Option<string?>("--csv") { Description = "CSV file with header timestamp,value (one row per print)." };
        var db = new Option<string?>("--db") { Description = "Read the series from this database instead of a CSV." };
        var series = new Option<string?>("--series") { Description = "Series id: selects the rule (by pattern) and, with --db, the stored series. Default: the CSV file name (no matching rule: the default statistical rule 'adaptive')." };
        var rule = new Option<string?>("--rule") { Description = "Use this price rule id instead of the one matching the series." };
        var scores = new Option<bool>("--scores") { Description = "Print every row with its anomaly score in [0,1] instead of the alerts." };
        var explain = new Option<bool>("--explain") { Description = "With --scores: every component per row (percent moves, z-score, fixed score, adaptive score and surprises)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var command = new Command("backtest", "Run the configured price rules over history and print the alerts that would have fired.") { csv, db, series, rule, scores, explain, json };
        command.SetAction(async (pr, ct) =>
        {
            var csvPath = pr.GetValue(csv);
            var dbPath = pr.GetValue(db);
            var seriesId = pr.GetValue(series);
            if ((csvPath is null) == (dbPath is null))
            {
                await context.Error.WriteLineAsync("monitorbot backtest: give exactly one of --csv FILE or --db PATH (with --series).");
                return MonitorBotCli.ExitConfig;
            }
            if (dbPath is not null && string.IsNullOrWhiteSpace(seriesId))
            {
                await context.Error.WriteLineAsync("monitorbot backtest: --db needs --series NAME.");
                return MonitorBotCli.ExitConfig;
            }
            if (csvPath is not null && !File.Exists(csvPath))
            {
                await context.Error.WriteLineAsync($"monitorbot backtest: file not found: {csvPath}");
                return MonitorBotCli.ExitConfig;
            }

            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, dbPath is null ? MonitorBotCli.DbOverride(null) : MonitorBotCli.ReadOnlyDb(dbPath), ct);
            var options = host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value;
            seriesId ??= Path.GetFileNameWithoutExtension(csvPath!).ToLowerInvariant();

            PriceRuleOptions? chosen;
            if (pr.GetValue(rule) is { } ruleId)
            {
                chosen = options.EffectivePriceRules.FirstOrDefault(r => string.Equals(r.Id, ruleId, StringComparison.OrdinalIgnoreCase))
                    ?? (string.Equals(ruleId, DetectionOptions.DefaultStatisticalRule().Id, StringComparison.OrdinalIgnoreCase) ? DetectionOptions.DefaultStatisticalRule() : null);
                if (chosen is null)
                {
                    var known = string.Join(", ", options.EffectivePriceRules.Select(r => r.Id).Append(DetectionOptions.DefaultStatisticalRule().Id));
                    await context.Error.WriteLineAsync($"monitorbot backtest: rule '{ruleId}' does not exist (rules: {known}).");
                    return MonitorBotCli.ExitConfig;
                }
            }
            else if (options.RulesFor(seriesId) is { Count: > 0 } matching)
            {
                chosen = matching[0];
            }
            else if (pr.GetValue(series) is null)
            {
                // Neither --series nor --rule, and the file name matches no rule: the default statistical rule (adaptive score only).
                chosen = DetectionOptions.DefaultStatisticalRule();
            }
            else
            {
                var known = string.Join(", ", options.EffectivePriceRules.Select(r => $"{r.Id} ({r.SeriesPattern})"));
                await context.Error.WriteLineAsync($"monitorbot backtest: no price rule for series '{seriesId}' (rules: {known}); pass --rule ID (or --rule adaptive).");
                return MonitorBotCli.ExitConfig;
            }

            IReadOnlyList<(DateTimeOffset Time, double Value)> points;
            if (csvPath is not null)
            {
                var read = await host.Services.GetRequiredService<FeedReader>().ReadLocationAsync(Path.GetFullPath(csvPath), FeedKinds.Csv, ct);
                points = read.Parsed.Prices.Select(p => (p.Time, p.Value)).ToList();
                var implausible = points.Where(p => p.Time < EarliestPlausible).ToList();
                if (implausible.Count > 0)
                {
                    await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"monitorbot backtest: skipped {implausible.Count} row(s) dated before 1900-01-01 (first: {implausible[0].Time:yyyy-MM-dd}, value {implausible[0].Value}): not a plausible print time."));
                    points = [.. points.Where(p => p.Time >= EarliestPlausible)];
                }
            }
            else
            {
                var stored = await host.Services.GetRequiredService<IPriceHistory>().GetSeriesAsync(seriesId, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), ct);
                points = stored.Select(p => (p.Time, p.Value)).ToList();
                if (points.Count == 0)
                {
                    await context.Error.WriteLineAsync($"monitorbot backtest: no stored prints for series '{seriesId}'.");
                    return MonitorBotCli.ExitConfig;
                }
            }

            var result = PriceBacktest.Run(points, chosen, options.Lifecycle, seriesId);
            await context.Out.WriteAsync(Render(result, pr.GetValue(scores), pr.GetValue(explain), pr.GetValue(json)));
            return MonitorBotCli.ExitOk;
        });
        return command;
    }

    private static string Render(BacktestResult result, bool scores, bool explain, bool json)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (scores && explain)
        {
            if (!json)
            {
                sb.AppendLine("time                   value         score   pct_prev  pct_base   z      fixed   adaptive surprise window long");
            }

            foreach (var row in result.Rows)
            {
                var m = row.Measures;
                var a = row.Adaptive;
                var line = new ExplainLine(row.Time, row.Value, Math.Round(row.Score, 4), Round(m?.PctVsPrevious, 2), Round(m?.PctVsBaseline, 2), Round(m?.ZScore, 2),
                    Math.Round(row.FixedScore, 4), Round(a?.Score, 4), Round(a?.Surprise, 2), Round(a?.WindowSurprise, 2), Round(a?.LongSurprise, 2), row.Skipped ?? a?.Note ?? m?.ZScoreNote);
                sb.AppendLine(json ? CliJson.Serialize(line) : string.Create(c,
                    $"{MonitorBotCli.Iso(row.Time)}  {row.Value,12:#,0.####}  {line.Score:0.0000}  {Text(line.PctVsPrevious),8}  {Text(line.PctVsBaseline),8}  {Text(line.ZScore),6}  {line.FixedScore:0.0000}  {Text(line.AdaptiveScore),8}  {Text(line.Surprise),7}  {Text(line.WindowSurprise),6}  {Text(line.LongSurprise),4}{(row.Firing ? "  firing" : "")}{(line.Note is null ? "" : "  (" + line.Note + ")")}"));
            }

            return sb.ToString();
        }

        if (scores)
        {
            foreach (var row in result.Rows)
            {
                var line = new ScoreLine(row.Time, row.Value, Math.Round(row.Score, 4));
                sb.AppendLine(json ? CliJson.Serialize(line) : string.Create(c, $"{MonitorBotCli.Iso(row.Time)}  {row.Value,12:#,0.####}  {line.Score:0.0000}{(row.Firing ? "  firing" : "")}"));
            }
            return sb.ToString();
        }
        if (!json)
        {
            sb.AppendLine(c, $"Backtest of rule {result.RuleId} on {result.SeriesId}: {result.Rows.Count} rows, {result.Alerts.Count} alert(s), {result.Resolutions.Count} resolution(s).");
        }
        foreach (var alert in result.Alerts)
        {
            var line = new AlertLine(alert.Time, alert.Value, alert.Severity.ToString().ToLowerInvariant(), alert.Reason);
            sb.AppendLine(json ? CliJson.Serialize(line) : string.Create(c, $"  {MonitorBotCli.Iso(alert.Time)}  {alert.Value:#,0.####}  [{line.Severity}] {alert.Kind}: {alert.Reason}"));
        }
        return sb.ToString();
    }

    private static double? Round(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    private static string Text(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";
}
