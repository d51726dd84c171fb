using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorBot.Storage;
using MonitorBot.Worker.Logging;

namespace MonitorBot.Worker.Hosting;

/// <summary>Runs the numbered migrations once, before anything reads or writes.</summary>
public sealed class DatabaseInitializer(MigrationRunner migrations, SqliteConnectionFactory connections, ILogger<DatabaseInitializer> logger) : IHostedService
{
    private int _done;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _done) == 1) return;
        try
        {
            await migrations.MigrateAsync(cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // One line naming the path (SQLite's own message does not).
            throw new IOException($"cannot open database {connections.DatabasePath}: {ex.Message}", ex);
        }
        Volatile.Write(ref _done, 1);
        Log.DatabaseReady(logger, connections.DatabasePath);
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
