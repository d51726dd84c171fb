using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Ports;
using MonitorBot.Storage;
using MonitorBot.Worker.Health;

namespace MonitorBot.Worker.Cli;

internal static class HealthVerb
{
    public static Command Build(CliContext context)
    {
        var db = new Option<string?>("--db") { Description = "SQLite database path (default: Storage:Path)." };
        var command = new Command("health", "Exit 0 when the database answers and the running worker's heartbeat is fresh (the container HEALTHCHECK).") { db };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(db)), ct);
            var path = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path;
            var feeds = await host.Services.GetRequiredService<IFeedStateStore>().ListAsync(ct);
            var (healthy, detail) = HeartbeatService.Check(path, context.TimeProvider.GetUtcNow());
            await (healthy ? context.Out : context.Error).WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: database ok ({feeds.Count} feeds), {detail}");
            return healthy ? MonitorBotCli.ExitOk : MonitorBotCli.ExitFailure;
        });
        return command;
    }
}
