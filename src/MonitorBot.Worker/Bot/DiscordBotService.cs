using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Timing;
using MonitorBot.Discord;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Worker.Bot;

/// <summary>Why the process is stopping with a non-zero exit code (a fatal Discord close code, a rejected token).</summary>
public sealed class FatalExit
{
    public const int DiscordFatal = 3;

    public int? ExitCode { get; private set; }

    public string? Message { get; private set; }

    public void Set(int code, string message)
    {
        ExitCode ??= code;
        Message ??= message;
    }
}

/// <summary>
/// The Discord side of the worker, beside Quartz: registers the slash commands (one bulk overwrite, to the guild
/// when Discord:GuildId is set), attaches the interaction dispatcher and runs the gateway. While Discord is
/// unreachable the process stays healthy (the gateway reconnects with backoff; the outbox keeps alerts until
/// they are accepted). A fatal close code (4004, 4010-4014) or a rejected token stops the process with a
/// one-line error and a non-zero exit code.
/// </summary>
public sealed partial class DiscordBotService(
    IOptions<DiscordOptions> options,
    DiscordRestClient rest,
    DiscordGatewayClient gateway,
    InteractionDispatcher dispatcher,
    Func<BotCommandCatalog> catalog,
    FatalExit fatal,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Token))
        {
            LogNoToken(logger);
            return;
        }
        // The commands (and everything their modules use) are built only when the bot runs: without a token the
        // worker never constructs them.
        var commands = catalog();
        commands.MapTo(dispatcher);
        dispatcher.Attach(gateway);
        try
        {
            var registration = RegisterCommandsAsync(commands, stoppingToken);
            await gateway.RunAsync(stoppingToken);
            await registration;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DiscordFatalException ex)
        {
            var message = $"monitorbot: Discord refused the bot: {ex.Message}";
            LogFatal(logger, ex.Message);
            fatal.Set(FatalExit.DiscordFatal, message);
            lifetime.StopApplication();
        }
    }

    /// <summary>Registers every command, retrying (with backoff) while Discord is unreachable.</summary>
    private async Task RegisterCommandsAsync(BotCommandCatalog commands, CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var registered = await rest.RegisterCommandsAsync(commands.Commands, cancellationToken);
                LogRegistered(logger, registered.Count, string.IsNullOrWhiteSpace(options.Value.GuildId) ? "globally" : $"to guild {options.Value.GuildId}");
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (DiscordFatalException ex)
            {
                LogFatal(logger, ex.Message);
                fatal.Set(FatalExit.DiscordFatal, $"monitorbot: Discord refused the bot: {ex.Message}");
                lifetime.StopApplication();
                return;
            }
            catch (Exception ex)
            {
                var delay = Backoff.Exponential(TimeSpan.FromSeconds(1), attempt, TimeSpan.FromMinutes(5));
                LogRegistrationFailed(logger, ex.Message, delay.TotalSeconds);
                try { await Task.Delay(delay, time, cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "No Discord token (MONITORBOT_Discord__Token): alerts go to the console, no slash commands")]
    private static partial void LogNoToken(ILogger logger);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Registered {Count} slash commands {Where}")]
    private static partial void LogRegistered(ILogger logger, int count, string where);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Registering slash commands failed ({Error}); retrying in {Seconds} s")]
    private static partial void LogRegistrationFailed(ILogger logger, string error, double seconds);

    [LoggerMessage(EventId = 303, Level = LogLevel.Critical, Message = "Discord refused the bot, stopping: {Error}")]
    private static partial void LogFatal(ILogger logger, string error);
}
