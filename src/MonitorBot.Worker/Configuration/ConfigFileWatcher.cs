using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using MonitorBot.Core.Ports;
using MonitorBot.Storage;
using MonitorBot.Worker.Hosting;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// Watches the configuration files while the worker runs: every edit is diffed key by key and written to the
/// audit trail (origin "file"); an edit that makes the configuration invalid is logged with every problem and
/// refused — the options monitors keep the previous configuration in force (<see cref="LastGoodOptionsMonitor{T}"/>).
/// </summary>
public sealed partial class ConfigFileWatcher(IConfiguration configuration, ConfigurationValidity validity, ConfigAuditRepository audit, TimeProvider time, ILogger<ConfigFileWatcher> logger)
    : ChangeFollowingService
{
    private Dictionary<string, string?> _snapshot = new(StringComparer.OrdinalIgnoreCase);

    protected override Task<IDisposable?> SubscribeAsync(CancellationToken cancellationToken)
    {
        _snapshot = FileData();
        return Task.FromResult<IDisposable?>(ChangeToken.OnChange(configuration.GetReloadToken, () => _ = OnChangedAsync()));
    }

    private Dictionary<string, string?> FileData()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is not IConfigurationRoot root) return data;
        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            foreach (var (k, v) in ConfigInspector.Flatten(provider)) data[k] = v;
        }
        return data;
    }

    private async Task OnChangedAsync()
    {
        var token = Stopping;
        try
        {
            await Gate.WaitAsync(token);
            try
            {
                var broken = (configuration as IConfigurationRoot)?.Providers.OfType<SafeJsonConfigurationProvider>()
                    .Select(p => p.LastError).OfType<string>().ToList() ?? [];
                if (broken.Count > 0)
                {
                    // Unparseable: the provider kept the previous values; say so once per edit.
                    var text = string.Join("; ", broken);
                    await audit.AppendAsync([new ConfigAuditEntry(0, time.GetUtcNow(), "config file", ConfigOrigins.File, "(file)", null, null,
                        "refused: " + (text.Length > 990 ? text[..989] + "…" : text))], token);
                    LogRefused(logger, text);
                    return;
                }
                var current = FileData();
                var changed = current.Keys.Union(_snapshot.Keys, StringComparer.OrdinalIgnoreCase)
                    .Where(k => !string.Equals(current.GetValueOrDefault(k), _snapshot.GetValueOrDefault(k), StringComparison.Ordinal))
                    .Where(k => current.GetValueOrDefault(k) is not null || _snapshot.GetValueOrDefault(k) is not null)
                    .OrderBy(k => k, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                if (changed.Count == 0) return; // an admin-layer reload, not a file edit
                var problems = validity.Problems;
                var note = problems.Count == 0 ? "file edit applied" : "refused: " + string.Join("; ", problems);
                var now = time.GetUtcNow();
                var entries = changed.Select(k => new ConfigAuditEntry(0, now, "config file", ConfigOrigins.File, k,
                    Mask(k, _snapshot.GetValueOrDefault(k)), Mask(k, current.GetValueOrDefault(k)), note.Length > 1000 ? note[..999] + "…" : note)).ToList();
                await audit.AppendAsync(entries, token);
                if (problems.Count == 0)
                {
                    LogApplied(logger, changed.Count);
                    _snapshot = current;
                }
                else
                {
                    LogRefused(logger, string.Join("; ", problems));
                    _snapshot = current; // audit the next edit against what the file now says
                }
            }
            finally
            {
                Gate.Release();
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
    }

    private static string? Mask(string key, string? value) => value is null ? null : ConfigInspector.IsSecret(key) ? "(hidden)" : value;

    [LoggerMessage(EventId = 160, Level = LogLevel.Information, Message = "Configuration file edit applied: {Count} key(s) changed")]
    private static partial void LogApplied(ILogger logger, int count);

    [LoggerMessage(EventId = 161, Level = LogLevel.Error, Message = "Configuration file edit refused, the previous configuration stays in force: {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);

    [LoggerMessage(EventId = 162, Level = LogLevel.Error, Message = "Could not audit a configuration change")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
