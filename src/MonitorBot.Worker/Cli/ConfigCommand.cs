using System.CommandLine;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Worker.Configuration;

namespace MonitorBot.Worker.Cli;

internal static class ConfigCommand
{
    public static Command Build(CliContext context)
    {
        var section = new Argument<string?>("section") { Description = $"One of {string.Join(", ", ConfigInspector.Sections)} (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "One JSON object per key per line: {\"key\",\"value\",\"origin\"}." };
        var show = new Command("show", "Print the effective configuration with where each value came from (file, admin changes, environment); secrets hidden.") { section, json };
        show.SetAction(async (pr, ct) =>
        {
            var s = pr.GetValue(section);
            if (s is not null && !ConfigInspector.Sections.Contains(s, StringComparer.OrdinalIgnoreCase))
            {
                await context.Error.WriteLineAsync($"monitorbot config show: unknown section '{s}' (one of {string.Join(", ", ConfigInspector.Sections)}).");
                return MonitorBotCli.ExitConfig;
            }
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, null, ct);
            var entries = ConfigInspector.Effective(host.Services.GetRequiredService<IConfiguration>(), s);
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
        return new Command("config", "Inspect the configuration.") { show };
    }
}
