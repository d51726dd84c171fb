using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorBot.Worker.Bot;
using MonitorBot.Worker.Hosting;

namespace MonitorBot.Worker.Cli;

internal static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("run", "Run the worker: poll every enabled source on its schedule, detect, alert (console without a Discord token). The default verb.");
        command.SetAction((pr, ct) => ExecuteAsync(pr, context, ct));
        return command;
    }

    public static async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var builder = MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = parse.GetValue(MonitorBotCli.ConfigOption),
            Worker = true,
            TimeProvider = context.TimeProvider,
            ConfigureServices = context.ConfigureServices,
        });
        using var host = builder.Build();
        var fatal = host.Services.GetRequiredService<FatalExit>();
        await host.RunAsync(cancellationToken);
        if (fatal.ExitCode is { } code)
        {
            await context.Error.WriteLineAsync(fatal.Message);
            return code;
        }
        return MonitorBotCli.ExitOk;
    }
}
