using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace MonitorBot.Worker.Cli;

internal static class FeedsVerb
{
    public static Command Build(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per source per line." };
        var command = new Command("feeds", "List every source with its status, last success, last error and next run.") { json };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(), ct);
            var rows = await host.Services.GetRequiredService<FeedsQuery>().ListAsync(ct);
            if (pr.GetValue(json))
            {
                foreach (var row in rows) await context.Out.WriteLineAsync(CliJson.Serialize(row));
            }
            else
            {
                await context.Out.WriteAsync(Render(rows));
            }
            return MonitorBotCli.ExitOk;
        });
        return command;
    }

    private const int ErrorColumnWidth = 80;

    internal static string Render(IReadOnlyList<FeedRow> rows)
    {
        var sb = new StringBuilder();
        if (rows.Count == 0) return "No sources configured (Feeds:Sources is empty)." + Environment.NewLine;
        sb.AppendLine($"{"SOURCE",-22} {"KIND",-10} {"STATUS",-9} {"LAST SUCCESS",-20} {"NEXT RUN",-20} {"FAILS",5}  LAST ERROR");
        foreach (var r in rows)
        {
            var error = r.LastError ?? "";
            if (r.Reason is not null && r.Status is "disabled") error = r.Reason;
            // A long error goes whole on a detail line under its row, never cut.
            var detail = error.Length > ErrorColumnWidth ? error : null;
            if (detail is not null) error = "(see below)";
            sb.AppendLine($"{r.Source,-22} {r.Kind,-10} {r.Status,-9} {MonitorBotCli.Iso(r.LastSuccess),-20} {MonitorBotCli.Iso(r.NextRun),-20} {r.ConsecutiveFailures,5}  {error}");
            if (detail is not null) sb.AppendLine($"    last error: {detail}");
        }
        return sb.ToString();
    }
}
