using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Discord.Tests.Gateway;

/// <summary>Issue 10 points 5 and 9: an unresponsive gateway, oversized or unconsumed events, a token rejected the
/// way a Discord-compatible server does it. Fake time drives every timeout; the fake Discord is real (127.0.0.1).</summary>
public sealed class GatewayFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static ServiceProvider Build(FakeDiscordServer fake, FakeTimeProvider time, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discord:GatewayConnectTimeout"] = "00:00:05",
            ["Discord:GatewayHelloTimeout"] = "00:00:05",
            ["Discord:GatewayReadyTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return TestHost.Build(fake, settings, services => services.AddSingleton<TimeProvider>(time));
    }

    /// <summary>Moves fake time in small steps until <paramref name="condition"/> holds (timers created late still fire).</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, TimeSpan step) =>
        FakeDiscordServer.WaitUntilAsync(() =>
        {
            if (condition())
            {
                return true;
            }

            time.Advance(step);
            return false;
        }, Timeout);

    [Fact]
    public async Task RunAsync_ResumeGatewayAcceptsTcpButNeverUpgrades_GivesUpAfterConnectTimeoutAndRetries()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = Build(fake, time);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            fake.GatewayStall = FakeGatewayStall.NoUpgrade;
            fake.Current!.Abort();
            await FakeDiscordServer.WaitUntilAsync(() => fake.StalledHandshakes == 1, Timeout);
            Assert.Equal(GatewayStatus.Connecting, gateway.Status);

            // Just short of the connect timeout the attempt is still pending.
            time.Advance(TimeSpan.FromSeconds(4.9));
            await Task.Delay(100);
            Assert.Equal(1, fake.StalledHandshakes);

            // Past it: abandoned, backed off, tried again (on the resume URL: the session is kept).
            await AdvanceUntilAsync(time, () => fake.StalledHandshakes >= 2, TimeSpan.FromMilliseconds(200));
            fake.GatewayStall = FakeGatewayStall.None;
            await AdvanceUntilAsync(time, () => gateway.Status == GatewayStatus.Ready, TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, gateway.IdentifyCount);
        Assert.Equal(1, gateway.ResumeCount);
        Assert.Equal("/resume-gateway", fake.Connections[^1].Path);
    }

    [Fact]
    public async Task RunAsync_GatewayNeverSendsHello_DropsConnectionAfterHelloTimeout()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.GatewayStall = FakeGatewayStall.NoHello;
        var time = new FakeTimeProvider();
        await using var sp = Build(fake, time);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            var first = await fake.WaitForConnectionAsync(1, Timeout);
            await AdvanceUntilAsync(time, () => fake.Connections.Count >= 2, TimeSpan.FromMilliseconds(200));
            fake.GatewayStall = FakeGatewayStall.None;
            await AdvanceUntilAsync(time, () => gateway.Status == GatewayStatus.Ready, TimeSpan.FromSeconds(1));

            Assert.Empty(first.Received);
        }
    }

    [Fact]
    public async Task RunAsync_GatewayNeverAnswersIdentify_DropsConnectionAfterReadyTimeout()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.GatewayStall = FakeGatewayStall.NoReady;
        var time = new FakeTimeProvider();
        await using var sp = Build(fake, time);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            var first = await fake.WaitForConnectionAsync(1, Timeout);
            await FakeDiscordServer.WaitForOpAsync(first, 2, Timeout);
            Assert.Equal(GatewayStatus.Identifying, gateway.Status);
            await AdvanceUntilAsync(time, () => fake.Connections.Count >= 2, TimeSpan.FromMilliseconds(200));
            fake.GatewayStall = FakeGatewayStall.None;
            await AdvanceUntilAsync(time, () => gateway.Status == GatewayStatus.Ready, TimeSpan.FromSeconds(1));
        }

        Assert.True(gateway.IdentifyCount >= 2);
    }

    [Fact]
    public async Task RunAsync_Handshake_SendsDiscordUserAgent()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:BotUrl"] = "https://example.org/bot", ["Discord:Version"] = "3.1" });
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            var connection = await fake.WaitForConnectionAsync(1, Timeout);

            Assert.Equal("DiscordBot (https://example.org/bot, 3.1)", connection.Headers["User-Agent"]);
        }
    }

    [Fact]
    public async Task RunAsync_MessageOverMaxBytes_ClosesWith1009AndReconnects()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:GatewayMaxMessageBytes"] = "65536" });
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var first = fake.Current!;
            var big = new StringBuilder("{\"blob\":\"").Append('x', 70_000).Append("\"}").ToString();
            try
            {
                await fake.SendDispatchAsync("HUGE_EVENT", big);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
            {
                // The client cut the connection while the fake was still writing: expected.
            }

            await FakeDiscordServer.WaitUntilAsync(() => fake.Connections.Count >= 2, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            // 1009 Message Too Big when the close frame beats the abort to the fake; never a normal close.
            Assert.True(first.ClientCloseCode is null or 1009, $"close code {first.ClientCloseCode}");
            Assert.False(first.IsOpen);
            Assert.Equal(2, gateway.IdentifyCount); // not a resume: Discord would replay the same oversized event
        }
    }

    [Fact]
    public async Task RunAsync_DispatchQueueFull_ClosesResumablyAndResumesWithoutLosingEvents()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:GatewayDispatchQueueCapacity"] = "10" });
        var gateway = sp.Gateway();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<int>();
        gateway.AddDispatchHandler(async (d, ct) =>
        {
            if (d.Type != "TEST_EVENT")
            {
                return;
            }

            await release.Task.WaitAsync(ct);
            lock (seen)
            {
                seen.Add(d.Data.GetProperty("n").GetInt32());
            }
        });

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var first = fake.Current!;
            for (var n = 1; n <= 20 && first.IsOpen; n++)
            {
                try
                {
                    await fake.SendDispatchAsync(first, "TEST_EVENT", $$"""{"n":{{n}}}""");
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
                {
                    break; // The client closed on us: that is the point.
                }
            }

            await FakeDiscordServer.WaitUntilAsync(() => first.ClientCloseCode is not null, Timeout);
            Assert.Equal(DiscordGatewayClient.ResumableCloseCode, first.ClientCloseCode);
            release.SetResult();
            var resume = await FakeDiscordServer.WaitForOpAsync(await fake.WaitForConnectionAsync(2, Timeout), 6, Timeout);

            // The resume asks for events after the last one the queue took: none is skipped.
            var resumedAfter = resume.GetProperty("d").GetProperty("seq").GetInt32();
            await FakeDiscordServer.WaitUntilAsync(() => { lock (seen) { return seen.Count == resumedAfter - 1; } }, Timeout);
            lock (seen)
            {
                Assert.Equal(Enumerable.Range(1, resumedAfter - 1), seen);
            }
        }
    }

    [Fact]
    public async Task RunAsync_Close4000BeforeReadyAndRestRejectsToken_IsFatal()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.RejectNextIdentify(4000);
        fake.FailNext("GET", "/oauth2/applications/@me", count: 1, status: 401);
        var gateway = sp.Gateway();

        await using var running = new RunningGateway(gateway);
        var ex = await Assert.ThrowsAsync<DiscordFatalException>(() => running.Task.WaitAsync(Timeout));

        Assert.Contains("4000", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscordServer.DefaultToken, ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.Connections);
        Assert.Equal(GatewayStatus.Faulted, gateway.Status);
    }

    [Fact]
    public async Task RunAsync_Close4000BeforeReadyAndRestAcceptsToken_Reconnects()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.RejectNextIdentify(4000);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
        }

        Assert.Equal(2, fake.Connections.Count);
        Assert.Single(fake.RequestsTo("GET", "/oauth2/applications/@me"));
    }

    [Fact]
    public async Task RunAsync_RestAnswers400Code40001_IsFatalBeforeConnecting()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.BadTokenAs400 = true;
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:Token"] = "bad-token-zzz" });
        var gateway = sp.Gateway();

        await using var running = new RunningGateway(gateway);
        var ex = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => running.Task.WaitAsync(Timeout));

        Assert.Contains("40001", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-token-zzz", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Connections);
    }
}
