using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Storage;
using MonitorBot.Worker.Bot;
using MonitorBot.Worker.Hosting;

namespace MonitorBot.Worker.Cli;

internal static class RunVerb
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
        // Every configuration problem as one line each (exit 2), before the host logs a start-up failure with a stack trace.
        MonitorBotCli.ValidateConfiguration(host.Services);
        var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MonitorBot.Worker");
        var time = host.Services.GetRequiredService<TimeProvider>();
        // The database first: an unusable Storage:Path is one line naming it (exit 1), not a hosting stack trace.
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(cancellationToken);
        WorkerLock? instanceLock = null;
        if (!storage.AllowMultipleWorkers)
        {
            instanceLock = WorkerLock.TryAcquire(storage.Path, time.GetUtcNow(), out var refusal);
            if (instanceLock is null)
            {
                await context.Error.WriteLineAsync("monitorbot run: " + refusal);
                return MonitorBotCli.ExitFailure;
            }
            var lockPath = WorkerLock.LockPath(storage.Path);
            WorkerLock.LogLocked(logger, lockPath);
        }

        var started = time.GetTimestamp();
        try
        {
            await host.RunAsync(cancellationToken);
        }
        finally
        {
            var uptime = time.GetElapsedTime(started);
            WorkerLock.LogStopped(logger, uptime);
            instanceLock?.Dispose();
        }
        if (fatal.ExitCode is { } code)
        {
            await context.Error.WriteLineAsync(fatal.Message);
            return code;
        }
        return MonitorBotCli.ExitOk;
    }
}
