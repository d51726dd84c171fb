using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Status;
using MonitorBot.Application.Queries;

namespace MonitorBot.Worker.Cli;

internal static class StatusVerb
{
    public static Command Build(CliContext context)
    {
        var db = new Option<string?>("--db") { Description = "SQLite database path (default: Storage:Path)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("status", "Print the Kachin supply status: Dy/Tb prices, imports from Myanmar, relevant news, feed health; every figure with source and age.")
        {
            db, json,
        };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(db)), ct);
            var status = await host.Services.GetRequiredService<StatusService>().GetAsync(ct);
            await context.Out.WriteLineAsync(pr.GetValue(json) ? CliJson.Serialize(status) : StatusText.Render(status));
            return MonitorBotCli.ExitOk;
        });
        return command;
    }
}
