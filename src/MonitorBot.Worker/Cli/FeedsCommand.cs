using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Worker.Cli;

internal static class FeedsCommand
{
    public sealed record FeedRow(
        string Source, string Kind, bool Enabled, bool Configured, string Status, string? Reason, string Schedule,
        DateTimeOffset? LastSuccess, DateTimeOffset? LastAttempt, string? LastError, int ConsecutiveFailures, DateTimeOffset? NextRun, long ItemsTotal);

    public static Command Build(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per source per line." };
        var command = new Command("feeds", "List every source with its status, last success, last error and next run.") { json };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(), ct);
            var rows = await ReadAsync(host.Services, ct);
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

    public static async Task<IReadOnlyList<FeedRow>> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue;
        var states = (await services.GetRequiredService<IFeedStateStore>().ListAsync(cancellationToken))
            .ToDictionary(s => s.SourceId, StringComparer.OrdinalIgnoreCase);
        var rows = new List<FeedRow>();
        foreach (var source in options.Sources)
        {
            states.Remove(source.Id, out var state);
            var enabled = options.Enabled && source.Enabled;
            var status = state?.Status.ToString().ToLowerInvariant() ?? "new";
            if (!enabled && state?.Status != FeedStatus.Disabled) status = "off";
            rows.Add(new FeedRow(source.Id, source.Kind, enabled, true, status, state?.StatusReason, SourceSchedule.Describe(source),
                state?.LastSuccess, state?.LastAttempt, Redact(state?.LastError), state?.ConsecutiveFailures ?? 0, enabled ? state?.NextRun : null, state?.ItemsTotal ?? 0));
        }
        // Sources removed from config keep their history: list them too.
        foreach (var state in states.Values.OrderBy(s => s.SourceId, StringComparer.Ordinal))
        {
            rows.Add(new FeedRow(state.SourceId, state.Kind, false, false, "removed", state.StatusReason, "-",
                state.LastSuccess, state.LastAttempt, Redact(state.LastError), state.ConsecutiveFailures, null, state.ItemsTotal));
        }
        return rows;
    }

    /// <summary>Rows feed the CLI table, --json and the public /feeds reply: URLs in errors show host and path only.</summary>
    private static string? Redact(string? text) => text is null ? null : MonitorBot.Feeds.Transport.UrlRedaction.RedactText(text);

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
