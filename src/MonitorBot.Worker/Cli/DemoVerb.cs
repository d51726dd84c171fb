using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Status;
using MonitorBot.Storage;
using MonitorBot.Demo;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Worker.Cli;

internal static class DemoVerb
{
    public const string DefaultDatabase = "data/demo.db";

    public static Command Build(CliContext context)
    {
        var db = new Option<string>("--db") { Description = $"Database the replay writes (default {DefaultDatabase}); it is recreated on every run.", DefaultValueFactory = _ => DefaultDatabase };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("demo", "Replay the bundled Sep 2024 – Jun 2025 history through the real adapters and pipeline with a simulated clock, then print the status.") { db, json };
        command.SetAction(async (pr, ct) =>
        {
            var path = Path.GetFullPath(pr.GetValue(db)!);
            var report = await RunAsync(pr, context, path, ct);
            if (report is null) return MonitorBotCli.ExitConfig;
            await context.Out.WriteLineAsync(pr.GetValue(json) ? CliJson.Serialize(report) : Render(report, path));
            return report.FailedPolls == 0 ? MonitorBotCli.ExitOk : MonitorBotCli.ExitFailure;
        });
        return command;
    }

    private static async Task<DemoReport?> RunAsync(ParseResult pr, CliContext context, string path, CancellationToken cancellationToken)
    {
        var clock = new SimulatedClock(DemoRunner.ReplayStart);
        var overrides = MonitorBotCli.DbOverride(path);
        var demoContext = context with
        {
            TimeProvider = clock,
            ConfigureServices = services =>
            {
                context.ConfigureServices?.Invoke(services);
                services.AddSingleton(clock);
                services.AddSingleton<ISourceReader, ReplaySourceReader>();
                services.AddSingleton<DemoRunner>();
            },
        };

        // Never replay into the production database.
        using (var probe = MonitorBotCli.BuildHost(pr, context, null))
        {
            var configured = Path.GetFullPath(probe.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
            if (string.Equals(configured, path, StringComparison.Ordinal))
            {
                await context.Error.WriteLineAsync($"monitorbot demo: refusing to replay into the configured database {path}; pass another --db.");
                return null;
            }
        }
        // Never overwrite what the user did not create with a demo: only a new file or an earlier demo database.
        if (DemoDatabase.Refusal(path) is { } refusal)
        {
            await context.Error.WriteLineAsync($"monitorbot demo: {refusal}");
            return null;
        }
        // Pooled connections of an earlier replay in this process would keep writing to the deleted file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "monitorbot-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            await DemoRunner.ExtractDataAsync(dataDirectory, cancellationToken);
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, demoContext, overrides, cancellationToken);
            var connections = host.Services.GetRequiredService<SqliteConnectionFactory>();
            await DemoDatabase.MarkAsync(connections, cancellationToken);
            return await host.Services.GetRequiredService<DemoRunner>().RunAsync(dataDirectory, cancellationToken);
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); }
            catch (IOException) { }
        }
    }

    private static string Render(DemoReport r, string path)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"MonitorBot demo: replayed {r.From:yyyy-MM-dd} → {r.To:yyyy-MM-dd} ({r.Days} simulated days, {r.Sources} sources) in {r.ElapsedSeconds:0.0} s into {path}");
        sb.AppendLine(c, $"Ingested {r.Prices} price prints, {r.TradeLines} trade lines, {r.NewsItems} news items ({r.RelevantNews} relevant){(r.FailedPolls > 0 ? $", {r.FailedPolls} failed polls" : "")}.");
        sb.AppendLine();
        sb.AppendLine("Reference points (from the stored data):");
        foreach (var h in r.Highlights) sb.AppendLine(c, $"  • {h.Text}  [source {h.Source}]");
        sb.AppendLine();
        sb.AppendLine(c, $"Alerts raised during the replay: {r.Alerts.Count}");
        foreach (var a in r.Alerts)
        {
            var end = a.SeverityAtEnd == a.Severity || a.StatusAtEnd != "firing" ? a.StatusAtEnd : $"{a.StatusAtEnd} ({a.SeverityAtEnd})";
            sb.AppendLine(c, $"  {a.FiredAt:yyyy-MM-dd} #{a.Id} [{a.Severity.ToUpperInvariant()}] {a.Title} — {a.Reason} (source {a.Source}; {end} at the end)");
            if (a.Story.Count > 1)
                sb.AppendLine(c, $"      story: {string.Join(" → ", a.Story.Select(s => $"{s.Code} {s.At:yyyy-MM-dd}"))}");
        }
        sb.AppendLine();
        sb.Append(StatusText.Render(r.Status));
        return sb.ToString();
    }
}
