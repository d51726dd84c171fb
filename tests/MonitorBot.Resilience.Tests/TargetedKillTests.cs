using MonitorBot.Resilience.Tests.Support;
using Xunit.Abstractions;

namespace MonitorBot.Resilience.Tests;

/// <summary>Scenario 2: kill -9 right after an ingest commit, right after an alert commit, and while a message POST is in flight.</summary>
public sealed class TargetedKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_KilledAfterIngestAfterAlertAndDuringDelivery_EveryAnomalyAlertedAndDeliveredExactlyOnce()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var rounds = ChaosRig.Soak ? 10 : 3;
        var inFlightKills = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Right after an ingest commit: a new ingest_log row (the evaluation may not have run yet).
            var head = rig.Progress()?.Head ?? 0;
            var worker = rig.StartWorker();
            await rig.WaitUntilAsync(p => p?.Head > head || worker.HasExited, Wait, "an ingest commit");
            await rig.KillAsync(worker);

            // Right after an alert commit: a new outbox row (not delivered yet, most of the time).
            var outbox = rig.Progress()?.Outbox ?? 0;
            worker = rig.StartWorker();
            await rig.WaitUntilAsync(p => p?.Outbox > outbox || worker.HasExited, Wait, "an alert commit");
            await rig.KillAsync(worker);

            // During delivery: Discord has the message POST (and creates the message) but has not answered yet.
            rig.Fake.MessagePostDelay = TimeSpan.FromSeconds(3);
            var since = TimeProvider.System.GetUtcNow();
            worker = rig.StartWorker();
            await rig.WaitUntilAsync(_ => worker.HasExited || rig.Fake.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal)
                && r.Status == 0 && r.ReceivedAt >= since), Wait, "a message POST in flight");
            await rig.KillAsync(worker);
            inFlightKills++;
            rig.Fake.MessagePostDelay = TimeSpan.Zero;
            rig.Log($"round {round + 1}: {rig.Kills} kills, {rig.Feed.Served} prints");
        }

        await rig.RunUntilQuietAsync();
        var figures = rig.CheckInvariants("targeted kill -9");
        Assert.Equal(rounds * 3, figures.Kills);
        // Each in-flight kill left a created message without its reply: the retry carried the same nonce.
        Assert.True(figures.NonceReplays >= 1, $"no retry of an in-flight POST reached Discord: {figures}");
        Assert.Equal(rounds, inFlightKills);
    }
}
