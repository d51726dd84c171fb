using MonitorBot.Resilience.Tests.Support;
using Xunit.Abstractions;

namespace MonitorBot.Resilience.Tests;

/// <summary>Scenario 1: kill -9 at random moments while the feed keeps producing anomalies; nothing lost, nothing twice.</summary>
public sealed class RandomKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_KilledAtRandomMoments_EveryAnomalyAlertedAndDeliveredExactlyOnce()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var kills = ChaosRig.Soak ? 150 : 30;
        // A fixed seed per run would hide moments; log it so a failure can be replayed.
        var seed = Random.Shared.Next();
        rig.Log($"seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < kills; i++)
        {
            var worker = rig.StartWorker();
            // Start-up takes about a second: kill anywhere from during start-up to a few polls in.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(400, 3200)), rig.Token);
            Assert.False(worker.HasExited, "the worker exited on its own:\n" + ChaosRig.Tail(worker));
            await rig.KillAsync(worker);
        }

        rig.Log($"{rig.Kills} kills, {rig.Feed.Served} prints served; final run");
        await rig.RunUntilQuietAsync();
        var figures = rig.CheckInvariants("random kill -9");
        Assert.Equal(kills, figures.Kills);
        Assert.True(figures.Anomalies >= 3, $"too few anomalies to mean anything: {figures}");
    }
}
