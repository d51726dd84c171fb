using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorBot.Storage;
using MonitorBot.Storage.Configuration;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// Picks up admin changes made by another process (<c>monitorbot config set</c> from a shell, a second worker):
/// every change writes an audit row, so a new newest audit id means the admin layer must be re-read.
/// </summary>
public sealed partial class AdminLayerWatcher(IConfiguration configuration, ConfigAuditRepository audit, AdminConfigRepository overrides, TimeProvider time,
    ILogger<AdminLayerWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? seen = null;
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var newest = (await audit.ListAsync(null, 1, stoppingToken)) is [var e] ? e.Id : 0;
                // First pass: a change made between the layer's load and now would otherwise never be seen.
                if (seen is { } before ? newest != before : !await LoadedLayerIsCurrentAsync(stoppingToken))
                {
                    configuration.ReloadMonitorBotSettings();
                    LogReloaded(logger, newest);
                }
                seen = newest;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> LoadedLayerIsCurrentAsync(CancellationToken cancellationToken)
    {
        var stored = await overrides.GetOverridesAsync(cancellationToken);
        var loaded = configuration.GetMonitorBotSettingsProviders().SelectMany(p => ConfigInspector.Flatten(p))
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        return loaded.Count == stored.Count && stored.All(kv => loaded.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }

    [LoggerMessage(EventId = 170, Level = LogLevel.Debug, Message = "Admin configuration changed elsewhere (audit #{Id}): reloaded")]
    private static partial void LogReloaded(ILogger logger, long id);

    [LoggerMessage(EventId = 171, Level = LogLevel.Warning, Message = "Could not check the admin configuration for changes")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
