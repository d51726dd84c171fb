using Microsoft.Extensions.Configuration;
using MonitorBot.Storage.Configuration;

namespace MonitorBot.Worker.Configuration;

/// <summary>The admin layer is the SQLite settings provider inside the host's configuration.</summary>
public sealed class SqliteAdminLayer(IConfiguration configuration) : IAdminLayer
{
    public void Reload() => configuration.ReloadMonitorBotSettings();
}
