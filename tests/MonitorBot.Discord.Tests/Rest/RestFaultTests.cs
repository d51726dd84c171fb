using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Discord.Tests.Rest;

/// <summary>Issue 10 points 7 and 9 at the REST level, against the fake Discord on 127.0.0.1.</summary>
public sealed class RestFaultTests
{
    private const string Channel = "600000000000000001";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static MessagePayload WithNonce(string content) => new() { Content = content, Nonce = "mb-1", EnforceNonce = true };

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("null")]
    public async Task CreateMessageAsync_2xxWithUnreadableBody_ThrowsUnreadableResponseWithoutRetrying(string body)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.RespondNext("POST", "/messages", 1, 200, body);

        var ex = await Assert.ThrowsAsync<DiscordUnreadableResponseException>(() => sp.Rest().CreateMessageAsync(Channel, WithNonce("alert"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
        Assert.Single(fake.RequestsTo("POST", "/messages"));
    }

    [Fact]
    public async Task CreateFollowupMessageAsync_ConnectionCutAfterRequestArrived_NotRetried()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.AbortNext("POST", "/webhooks/", 1);

        var ex = await Assert.ThrowsAsync<DiscordDeliveryUnknownException>(() =>
            sp.Rest().CreateFollowupMessageAsync(FakeDiscordServer.ApplicationId, "tok", new MessagePayload { Content = "once" }, CancellationToken.None));

        Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
        Assert.DoesNotContain("tok", ex.Message.Replace("{token}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateMessageAsync_WithoutNonce_ConnectionCutAfterRequestArrived_NotRetried()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.AbortNext("POST", "/messages", 1);

        await Assert.ThrowsAsync<DiscordDeliveryUnknownException>(() =>
            sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "no nonce" }, CancellationToken.None));

        Assert.Single(fake.RequestsTo("POST", "/messages"));
    }

    [Fact]
    public async Task CreateMessageAsync_WithEnforcedNonce_ConnectionCut_RetriedAndDelivered()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.AbortNext("POST", "/messages", 1);

        var message = await sp.Rest().CreateMessageAsync(Channel, WithNonce("safe"), CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(message.Id));
        var requests = fake.RequestsTo("POST", "/messages");
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task EditMessageAsync_ConnectionCut_RetriedBecausePatchIsIdempotent()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.AbortNext("PATCH", "/messages/", 1);

        await sp.Rest().EditMessageAsync(Channel, "900000000000000001", new MessagePayload { Content = "edit" }, CancellationToken.None);

        Assert.Equal(2, fake.RequestsTo("PATCH", "/messages/").Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(504)]
    public async Task CreateFollowupMessageAsync_ServerErrorThatMayHaveActed_NotRetried(int status)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/webhooks/", 1, status);

        await Assert.ThrowsAsync<DiscordHttpException>(() =>
            sp.Rest().CreateFollowupMessageAsync(FakeDiscordServer.ApplicationId, "tok", new MessagePayload { Content = "once" }, CancellationToken.None));

        Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_429EndingPastDeadline_ThrowsDeadlineExceededWithoutWaiting()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.FailNext("POST", "/callback", 1, 429, retryAfterSeconds: 5);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(3);

        var ex = await Assert.ThrowsAsync<DiscordDeadlineExceededException>(() => sp.Rest().CreateInteractionResponseAsync("300000000000000001", "tok",
            new InteractionCallback { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource }, null, deadline, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(deadline, ex.Deadline);
        Assert.Single(fake.RequestsTo("POST", "/callback"));
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_429EndingBeforeDeadline_Retries()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/callback", 1, 429, retryAfterSeconds: 0.05);

        await sp.Rest().CreateInteractionResponseAsync("300000000000000001", "tok",
            new InteractionCallback { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource }, null, TimeProvider.System.GetUtcNow().AddSeconds(3), CancellationToken.None);

        Assert.Equal([429, 204], fake.RequestsTo("POST", "/callback").Select(r => r.Status));
    }

    [Fact]
    public async Task AnyRequest_Answered400Code40001_StopsEveryFurtherRequest()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.BadTokenAs400 = true;
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:Token"] = "WRONG.token" });

        var first = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => sp.Rest().CreateMessageAsync(Channel, WithNonce("x"), CancellationToken.None));
        await Assert.ThrowsAsync<DiscordAuthenticationException>(() => sp.Rest().GetGatewayBotAsync(CancellationToken.None));

        Assert.Single(fake.Requests);
        Assert.True(sp.GetRequiredService<DiscordRateLimiter>().IsUnauthorized);
        Assert.DoesNotContain("WRONG.token", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemainingZero_ResetAfterWithoutDecimals_WaitsAWholeExtraSecondForRounding()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        // "X-RateLimit-Reset-After: 1" may be 1.0-1.999 s rounded down: never send before 2 s.
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 1);
        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "1" }, CancellationToken.None);

        var second = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "2" }, CancellationToken.None);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Single(fake.RequestsTo("POST", "/messages"));

        time.Advance(TimeSpan.FromSeconds(0.2));
        await second.WaitAsync(Timeout);
        Assert.Equal(2, fake.RequestsTo("POST", "/messages").Count);
        Assert.Equal(0, fake.RateLimitViolations);
    }

    [Fact]
    public async Task RemainingZero_ResetAfterWithMilliseconds_WaitsOnlyTheMillisecondMargin()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 1.25);
        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "1" }, CancellationToken.None);

        var second = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "2" }, CancellationToken.None);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(1.25));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(Timeout);
        Assert.Equal(2, fake.RequestsTo("POST", "/messages").Count);
        Assert.Equal(0, fake.RateLimitViolations);
    }

    [Fact]
    public async Task SharedBucketLearnedWhileQueued_RequestsOfBothRoutesNeverOverlapInIt()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        // Two routes (create + edit in one channel) that the server reports as one bucket, exhausted after each request.
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 0.2, bucket: "shared", count: 10);
        fake.SetRateLimit("PATCH", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 0.2, bucket: "shared", count: 10);
        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "learn" }, CancellationToken.None);
        await sp.Rest().EditMessageAsync(Channel, "900000000000000001", new MessagePayload { Content = "learn" }, CancellationToken.None);

        var all = Task.WhenAll(
            sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "a" }, CancellationToken.None),
            sp.Rest().EditMessageAsync(Channel, "900000000000000001", new MessagePayload { Content = "b" }, CancellationToken.None),
            sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "c" }, CancellationToken.None));
        await FakeDiscordServer.WaitUntilAsync(() =>
        {
            if (all.IsCompleted)
            {
                return true;
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
            return false;
        }, Timeout);
        await all;

        // On the fake clock a request is recorded no earlier than its bucket's reset (0.2 s after the previous one).
        var times = fake.Requests.Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(5, times.Count);
        for (var i = 2; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(0.2), string.Join(" | ", fake.Requests.Select(r => $"{r.ReceivedAt:HH:mm:ss.fff} {r.Method} {r.Status}")));
        }

        Assert.Equal(0, fake.RateLimitViolations);
        Assert.All(fake.Requests, r => Assert.True(r.IsSuccess));
    }
}
