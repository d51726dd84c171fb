using MonitorBot.Discord.Gateway;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Discord.Tests.Gateway;

public sealed class GatewaySendLimiterTests
{
    [Fact]
    public async Task WaitAsync_OrdinarySends_StopShortOfLimitLeavingRoomForHeartbeats()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(120, time);

        for (var i = 0; i < 115; i++)
        {
            await limiter.WaitAsync(heartbeat: false, CancellationToken.None);
        }

        var blocked = limiter.WaitAsync(heartbeat: false, CancellationToken.None);
        Assert.False(blocked.IsCompleted);

        // Heartbeats still fit under the hard limit of 120.
        await limiter.WaitAsync(heartbeat: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(60));
        await blocked.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
