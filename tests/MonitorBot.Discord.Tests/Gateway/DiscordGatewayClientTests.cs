using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests.Gateway;

public sealed class DiscordGatewayClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_Identify_SendsGuildsIntentAndReachesReady()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        var events = new ConcurrentQueue<GatewayDispatch>();
        gateway.AddDispatchHandler((d, _) => { events.Enqueue(d); return Task.CompletedTask; });

        await using (new RunningGateway(gateway))
        {
            var connection = await fake.WaitForConnectionAsync(1, Timeout);
            var identify = await FakeDiscordServer.WaitForOpAsync(connection, 2, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);

            Assert.Equal("/gateway", connection.Path);
            Assert.Contains("v=10", connection.Query, StringComparison.Ordinal);
            Assert.Contains("encoding=json", connection.Query, StringComparison.Ordinal);
            var d = identify.GetProperty("d");
            Assert.Equal(FakeDiscordServer.DefaultToken, d.GetProperty("token").GetString());
            Assert.Equal(1, d.GetProperty("intents").GetInt32());
            Assert.True(d.GetProperty("properties").TryGetProperty("os", out _));
            Assert.True(d.GetProperty("properties").TryGetProperty("browser", out _));
            Assert.True(d.GetProperty("properties").TryGetProperty("device", out _));
            Assert.Equal(fake.SessionIds.Single(), gateway.SessionId);
            Assert.Equal(fake.ResumeGatewayUrl, gateway.ResumeGatewayUrl);
            Assert.Equal(FakeDiscordServer.ApplicationId, gateway.ApplicationId);
            Assert.Equal(1, gateway.Sequence);
            await FakeDiscordServer.WaitUntilAsync(() => events.Any(e => e.Type == "READY"), Timeout);
            Assert.Equal(1, gateway.IdentifyCount);
            // The token travels only in Identify.
            Assert.Single(connection.Received, p => p.GetRawText().Contains(FakeDiscordServer.DefaultToken, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Heartbeat_AfterHello_BeatsWithLastSequence()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.HeartbeatIntervalMs = 200;
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            var connection = await fake.WaitForConnectionAsync(1, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => connection.ReceivedOp(1).Count >= 3, Timeout);

            Assert.Equal(1, connection.ReceivedOp(1)[^1].GetProperty("d").GetInt32());
            Assert.DoesNotContain(connection.ReceivedOp(1), p => p.GetRawText().Contains(FakeDiscordServer.DefaultToken, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Heartbeat_FirstBeatJitteredAndOp1AnsweredImmediately()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.HeartbeatIntervalMs = 20_000;
        await using var sp = TestHost.Build(fake);
        // jitter 0.99: the first scheduled beat would come after 19.8 s.
        var gateway = new DiscordGatewayClient(sp.Rest(), sp.GetRequiredService<IOptions<DiscordOptions>>(), TimeProvider.System, random: () => 0.99);

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var connection = fake.Current!;
            Assert.Empty(connection.ReceivedOp(1));

            await fake.RequestHeartbeatAsync();

            var beat = await FakeDiscordServer.WaitForOpAsync(connection, 1, TimeSpan.FromSeconds(5));
            Assert.Equal(1, beat.GetProperty("d").GetInt32());
        }
    }

    [Fact]
    public async Task ResumableClose_Reconnects_ResumesWithSessionAndSequence()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.SendDispatchAsync("GUILD_CREATE", "{\"id\":\"500000000000000001\"}");
            await fake.SendDispatchAsync("GUILD_CREATE", "{\"id\":\"500000000000000002\"}");
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Sequence == 3, Timeout);
            var session = gateway.SessionId;

            await fake.CloseGatewayAsync(4000, "unknown error");

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            var resume = await FakeDiscordServer.WaitForOpAsync(second, 6, Timeout);
            Assert.Equal("/resume-gateway", second.Path);
            Assert.Equal(session, resume.GetProperty("d").GetProperty("session_id").GetString());
            Assert.Equal(3, resume.GetProperty("d").GetProperty("seq").GetInt32());
            Assert.Empty(second.ReceivedOp(2));
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready && gateway.Sequence == 4, Timeout);
            Assert.Equal(1, gateway.IdentifyCount);
            Assert.Equal(1, gateway.ResumeCount);
        }
    }

    [Fact]
    public async Task Op7Reconnect_ClosesNonNormal_AndResumes()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var session = gateway.SessionId;
            await fake.SendReconnectAsync();

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            var resume = await FakeDiscordServer.WaitForOpAsync(second, 6, Timeout);
            Assert.Equal(session, resume.GetProperty("d").GetProperty("session_id").GetString());
            Assert.Equal(1, resume.GetProperty("d").GetProperty("seq").GetInt32());
            await FakeDiscordServer.WaitUntilAsync(() => fake.Connections[0].ClientCloseCode is not null, Timeout);
            Assert.NotEqual(1000, fake.Connections[0].ClientCloseCode);
            Assert.NotEqual(1001, fake.Connections[0].ClientCloseCode);
        }
    }

    [Fact]
    public async Task ZombieConnection_NoAck_ClosesNonNormalAndResumes()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.HeartbeatIntervalMs = 100;
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var session = gateway.SessionId;
            fake.StopAckingHeartbeats();

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            var resume = await FakeDiscordServer.WaitForOpAsync(second, 6, Timeout);
            Assert.Equal(session, resume.GetProperty("d").GetProperty("session_id").GetString());
            await FakeDiscordServer.WaitUntilAsync(() => fake.Connections[0].ClientCloseCode is not null, Timeout);
            Assert.Equal(4000, fake.Connections[0].ClientCloseCode);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            Assert.Equal(1, gateway.IdentifyCount);
        }
    }

    [Fact]
    public async Task InvalidSessionFalse_WaitsThenIdentifiesAfresh()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            var firstSession = gateway.SessionId;
            await fake.SendInvalidSessionAsync(resumable: false);

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            await FakeDiscordServer.WaitForOpAsync(second, 2, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready && gateway.SessionId != firstSession, Timeout);
            Assert.Equal("/gateway", second.Path);
            Assert.Empty(second.ReceivedOp(6));
            Assert.Equal(2, gateway.IdentifyCount);
            Assert.Equal(0, gateway.ResumeCount);
        }
    }

    [Fact]
    public async Task InvalidSessionTrue_Resumes()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.SendInvalidSessionAsync(resumable: true);

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            await FakeDiscordServer.WaitForOpAsync(second, 6, Timeout);
            Assert.Equal(1, gateway.IdentifyCount);
        }
    }

    [Fact]
    public async Task ResumeRejected_Op9False_IdentifiesAfresh()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            fake.InvalidateSessions();
            await fake.CloseGatewayAsync(4000);

            var third = await fake.WaitForConnectionAsync(3, Timeout);
            await FakeDiscordServer.WaitForOpAsync(third, 2, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            Assert.Single(fake.Connections[1].ReceivedOp(6));
            Assert.Equal(2, gateway.IdentifyCount);
        }
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task SessionEndingClose_ReIdentifies(int code)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.CloseGatewayAsync(code);

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            await FakeDiscordServer.WaitForOpAsync(second, 2, Timeout);
            Assert.Empty(second.ReceivedOp(6));
            Assert.Equal("/gateway", second.Path);
        }
    }

    [Fact]
    public async Task DroppedConnection_WithoutCloseFrame_Resumes()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            fake.Current!.Abort();

            var second = await fake.WaitForConnectionAsync(2, Timeout);
            await FakeDiscordServer.WaitForOpAsync(second, 6, Timeout);
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
        }
    }

    [Fact]
    public async Task FatalClose4004_AfterReady_ThrowsOneLineFatalWithoutToken()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using var running = new RunningGateway(gateway);
        await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
        await fake.CloseGatewayAsync(4004, "Authentication failed.");

        var ex = await Assert.ThrowsAsync<DiscordFatalException>(() => running.Task.WaitAsync(Timeout));
        Assert.Equal(4004, ex.CloseCode);
        Assert.Contains("4004", ex.Message, StringComparison.Ordinal);
        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscordServer.DefaultToken, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(GatewayStatus.Faulted, gateway.Status);
        Assert.Single(fake.Connections);
    }

    [Fact]
    public async Task FatalClose4004_IdentifyRejectedByGateway_NoReconnect()
    {
        // Discord answers an Identify carrying a bad token with close 4004.
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        await using var running = new RunningGateway(gateway);
        var connection = await fake.WaitForConnectionAsync(1, Timeout);
        await FakeDiscordServer.WaitForOpAsync(connection, 2, Timeout);
        await connection.CloseAsync(4004, "Authentication failed.");

        var ex = await Assert.ThrowsAsync<DiscordFatalException>(() => running.Task.WaitAsync(Timeout));
        Assert.DoesNotContain(FakeDiscordServer.DefaultToken, ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.Connections);
    }

    [Theory]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task FatalCloseCodes_StopWithoutReconnecting(int code)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();

        await using var running = new RunningGateway(gateway);
        await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
        await fake.CloseGatewayAsync(code);

        var ex = await Assert.ThrowsAsync<DiscordFatalException>(() => running.Task.WaitAsync(Timeout));
        Assert.Equal(code, ex.CloseCode);
        Assert.Single(fake.Connections);
    }

    [Fact]
    public async Task RestUnauthorized_BeforeConnecting_IsFatal()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:Token"] = "bad-token-zzz" });

        var ex = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => sp.Gateway().RunAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.DoesNotContain("bad-token-zzz", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Connections);
    }

    [Fact]
    public async Task SplitFrames_AreReassembledIntoOneDispatch()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        var events = new ConcurrentQueue<GatewayDispatch>();
        gateway.AddDispatchHandler((d, _) => { events.Enqueue(d); return Task.CompletedTask; });
        var big = new string('x', 40_000);

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            fake.SplitDispatchFrames = 7;
            await fake.SendDispatchAsync("MESSAGE_CREATE", $"{{\"id\":\"1\",\"content\":\"{big}\"}}");

            var dispatch = await FakeDiscordServer.WaitForAsync(() => events.FirstOrDefault(e => e.Type == "MESSAGE_CREATE"), Timeout);
            Assert.Equal(big, dispatch.Data.GetProperty("content").GetString());
            Assert.Equal(2, dispatch.Sequence);
            Assert.Single(fake.Connections);
        }
    }

    [Fact]
    public async Task DispatchHandler_Throwing_DoesNotStopTheGateway()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        var seen = new ConcurrentQueue<string>();
        gateway.AddDispatchHandler((_, _) => throw new InvalidOperationException("boom"));
        gateway.AddDispatchHandler((d, _) => { seen.Enqueue(d.Type); return Task.CompletedTask; });

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.SendDispatchAsync("TYPING_START", "{}");
            await FakeDiscordServer.WaitUntilAsync(() => seen.Contains("TYPING_START"), Timeout);
            Assert.Equal(GatewayStatus.Ready, gateway.Status);
        }
    }

    [Fact]
    public async Task Cancellation_StopsRunAsyncCleanly()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        using var cts = new CancellationTokenSource();

        var run = gateway.RunAsync(cts.Token);
        await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(GatewayStatus.Stopped, gateway.Status);
        await FakeDiscordServer.WaitUntilAsync(() => fake.Connections[0].ClientCloseCode is not null, Timeout);
        Assert.Equal(1000, fake.Connections[0].ClientCloseCode);
    }

    [Fact]
    public async Task UnreachableGateway_BacksOffExponentially()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?>
        {
            ["Discord:ReconnectBackoffBase"] = "00:00:00.050",
            ["Discord:ReconnectBackoffMax"] = "00:00:00.400",
            ["Discord:RestMaxRetries"] = "0",
        }, services => services.AddSingleton<TimeProvider>(time));
        fake.FailNext("GET", "/gateway/bot", count: 1000, status: 503);
        var gateway = sp.Gateway();

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() =>
            {
                if (fake.RequestsTo("GET", "/gateway/bot").Count >= 6)
                {
                    return true;
                }

                time.Advance(TimeSpan.FromMilliseconds(10));
                return false;
            }, Timeout);
        }

        // One request per attempt (no REST retries); between attempts base × 2^(n-1) × [0.5, 1), capped at 400 ms:
        // on the fake clock at least 25, 50, 100, 200, 200 ms, where a tight loop would leave none.
        var times = fake.RequestsTo("GET", "/gateway/bot").Select(r => r.ReceivedAt).ToList();
        int[] least = [25, 50, 100, 200, 200];
        for (var i = 0; i < least.Length; i++)
        {
            var gap = times[i + 1] - times[i];
            Assert.True(gap >= TimeSpan.FromMilliseconds(least[i]), $"attempt {i + 2} came {gap.TotalMilliseconds} ms after attempt {i + 1}");
        }

        Assert.Empty(fake.Connections);
    }
}
