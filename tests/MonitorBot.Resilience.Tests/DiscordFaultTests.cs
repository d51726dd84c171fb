using MonitorBot.Resilience.Tests.Support;
using Xunit.Abstractions;

namespace MonitorBot.Resilience.Tests;

/// <summary>Scenarios 3 and 4: Discord frozen past every client timeout, and 429 storms on message POSTs.</summary>
public sealed class DiscordFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_DiscordFrozenLongerThanTimeouts_DeliversEverythingOnceAfterwardsAndNeverWedges()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var worker = rig.StartWorker();
        var freezes = ChaosRig.Soak ? 4 : 1;
        for (var i = 0; i < freezes; i++)
        {
            var created = rig.Fake.CreatedMessages.Count;
            await rig.WaitUntilAsync(_ => rig.Fake.CreatedMessages.Count > created || worker.HasExited, Wait, "a delivery before the freeze");
            rig.Fake.Frozen = true;
            try
            {
                // Alerts keep coming while Discord says nothing: at least one message request (a POST, or the PATCH that edits
                // a resolution in: the outbox keeps each alert's messages in order) must be left hanging...
                var since = TimeProvider.System.GetUtcNow();
                await rig.WaitUntilAsync(_ => worker.HasExited || rig.Fake.Requests.Any(r => r.Method is "POST" or "PATCH" && r.Path.Contains("/messages", StringComparison.Ordinal)
                    && r.ReceivedAt >= since), Wait, "a message request to the frozen Discord");
                // ...for well past the client's request timeout (2 s here) and its retries.
                await Task.Delay(TimeSpan.FromSeconds(8), rig.Token);
            }
            finally
            {
                rig.Fake.Frozen = false;
            }

            Assert.False(worker.HasExited, "the worker exited while Discord was frozen:\n" + ChaosRig.Tail(worker));
        }

        // The same worker carries on: it delivers what queued up and keeps polling and alerting.
        await rig.RunUntilQuietAsync(worker: worker);
        rig.CheckInvariants("frozen Discord");
    }

    [Fact]
    public async Task Run_429StormsOnMessagePosts_EveryAlertDeliveredExactlyOnce()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var worker = rig.StartWorker();
        var storms = ChaosRig.Soak ? 10 : 3;
        for (var i = 0; i < storms; i++)
        {
            var refused = Refused(rig);
            // Alternate bucket and global limits; Retry-After of about a second.
            rig.Fake.FailNext("POST", "/messages", 8, 429, global: i % 2 == 1, retryAfterSeconds: 0.7);
            await rig.WaitUntilAsync(_ => Refused(rig) >= refused + 8 || worker.HasExited, Wait, "the storm absorbed");
            Assert.False(worker.HasExited, "the worker exited during a 429 storm:\n" + ChaosRig.Tail(worker));
        }

        await rig.RunUntilQuietAsync(worker: worker);
        var figures = rig.CheckInvariants("429 storms", Refused(rig));
        Assert.True(figures.Refused429 >= storms * 8, $"the storms did not happen: {figures}");
    }

    private static int Refused(ChaosRig rig) => rig.Fake.Requests.Count(r => r.Status == 429);
}
