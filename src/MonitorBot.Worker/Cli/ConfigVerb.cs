using System.CommandLine;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Ports;
using MonitorBot.Worker.Configuration;

namespace MonitorBot.Worker.Cli;

internal static class ConfigVerb
{
    public static Command Build(CliContext context)
    {
        var section = new Argument<string?>("section") { Description = $"One of {string.Join(", ", ConfigInspector.Sections)} (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "One JSON object per key per line: {\"key\",\"value\",\"origin\"}." };
        var show = new Command("show", "Print the effective configuration with where each value came from (file, admin changes, environment); secrets hidden.") { section, json };
        show.SetAction(async (pr, ct) =>
        {
            // Any section path: "Detection" or "Detection:Trade" or "Feeds:Sources:0".
            var path = pr.GetValue(section)?.Trim().Replace('.', ':').TrimEnd(':');
            var s = path?.Split(':')[0];
            if (s is not null && !ConfigInspector.Sections.Contains(s, StringComparer.OrdinalIgnoreCase))
            {
                await context.Error.WriteLineAsync($"monitorbot config show: unknown section '{path}' (one of {string.Join(", ", ConfigInspector.Sections)}, or a path below one such as Detection:Trade).");
                return MonitorBotCli.ExitConfig;
            }
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(), ct);
            var entries = ConfigInspector.Effective(host.Services.GetRequiredService<IConfiguration>(), s);
            if (path is not null && path.Contains(':', StringComparison.Ordinal))
            {
                entries = entries.Where(e => e.Key.Equals(path, StringComparison.OrdinalIgnoreCase) || e.Key.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)).ToList();
                if (entries.Count == 0)
                {
                    await context.Error.WriteLineAsync($"monitorbot config show: no such section or key '{path}'.");
                    return MonitorBotCli.ExitConfig;
                }
            }
            if (pr.GetValue(json))
            {
                foreach (var e in entries) await context.Out.WriteLineAsync(CliJson.Serialize(e));
            }
            else
            {
                var width = entries.Count == 0 ? 10 : Math.Min(70, entries.Max(e => e.Key.Length));
                var sb = new StringBuilder();
                foreach (var e in entries) sb.AppendLine($"{e.Key.PadRight(width)} = {e.Value}    [{e.Origin}]");
                await context.Out.WriteAsync(sb.ToString());
            }
            return MonitorBotCli.ExitOk;
        });
        var key = new Argument<string>("key") { Description = "e.g. Detection:Trade:YoYDeclineCriticalPct or Feeds:Sources:kng:Interval" };
        var value = new Argument<string>("value") { Description = "The new value, or reset (back to the file's)." };
        var set = new Command("set", "Change a threshold, schedule or route in the admin layer (validated like the file, audited, picked up by a running worker).") { key, value };
        set.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, null, ct);
            var who = Environment.UserName is { Length: > 0 } user ? $"{user} (cli)" : "cli";
            var result = await host.Services.GetRequiredService<AdminConfigService>().SetAsync(pr.GetValue(key)!, pr.GetValue(value)!, who, ConfigOrigins.Cli, ct);
            if (!result.Ok)
            {
                await context.Error.WriteLineAsync("monitorbot config set: refused, nothing changed:");
                foreach (var p in result.Problems) await context.Error.WriteLineAsync("  - " + p);
                return MonitorBotCli.ExitConfig;
            }
            foreach (var c in result.Changes) await context.Out.WriteLineAsync($"{c.Key}: {ConfigAuditText.Old(c)} -> {c.NewValue ?? "(file)"}");
            if (result.Changes.Count == 0) await context.Out.WriteLineAsync("No change.");
            return MonitorBotCli.ExitOk;
        });
        var limit = new Option<int>("--limit") { Description = "How many entries (default 20).", DefaultValueFactory = _ => 20 };
        var prefix = new Argument<string?>("key") { Description = "Only keys starting with this.", Arity = ArgumentArity.ZeroOrOne };
        var history = new Command("history", "Who changed the configuration, when, from where (Discord, file, CLI, import).") { prefix, limit };
        history.SetAction(async (pr, ct) =>
        {
            var n = pr.GetValue(limit);
            if (n is < 1 or > 1000)
            {
                await context.Error.WriteLineAsync("monitorbot config history: --limit must be between 1 and 1000.");
                return MonitorBotCli.ExitConfig;
            }
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(), ct);
            foreach (var e in await host.Services.GetRequiredService<AdminConfigService>().HistoryAsync(pr.GetValue(prefix), n, ct))
                await context.Out.WriteLineAsync($"{MonitorBotCli.Iso(e.At)}  {e.Origin,-8} {e.Who,-24} {e.Key}: {ConfigAuditText.Old(e)} -> {e.NewValue ?? "-"}{(e.Note is null ? "" : "  (" + e.Note + ")")}");
            return MonitorBotCli.ExitOk;
        });
        return new Command("config", "Inspect and change the configuration.") { show, set, history };
    }
}
