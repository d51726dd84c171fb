using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Storage;

namespace MonitorBot.Worker.Health;

/// <summary>
/// Writes the time to a heartbeat file beside the database every <see cref="Interval"/> while the worker runs;
/// <c>monitorbot health</c> (the Docker HEALTHCHECK) reads it.
/// </summary>
public sealed class HeartbeatService(IOptions<StorageOptions> storage, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".heartbeat";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = PathFor(storage.Value.Path);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, time.GetUtcNow().ToString("o", CultureInfo.InvariantCulture), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Healthy when the heartbeat is younger than three intervals.</summary>
    public static (bool Healthy, string Detail) Check(string databasePath, DateTimeOffset now)
    {
        var path = PathFor(databasePath);
        if (!File.Exists(path)) return (false, $"no heartbeat at {path}: is the worker running?");
        var text = File.ReadAllText(path).Trim();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var beat))
            return (false, $"unreadable heartbeat in {path}");
        var age = now - beat;
        return age <= Interval * 3 ? (true, $"heartbeat {age.TotalSeconds:0} s ago") : (false, $"heartbeat is {age.TotalSeconds:0} s old");
    }
}
