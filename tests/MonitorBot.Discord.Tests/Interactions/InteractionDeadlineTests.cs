using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Discord.Tests.Interactions;

/// <summary>Issue 10 points 7 and 9: the initial response is never retried past its 3 s deadline (a follow-up is tried
/// instead), and a refused deferral still gets the user an answer. Fake time; the fake Discord is real.</summary>
public sealed class InteractionDeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Interaction Parse(string json) => JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!;

    private static int TypeOf(RecordedRequest request) => JsonDocument.Parse(request.Json).RootElement.GetProperty("type").GetInt32();

    [Fact]
    public async Task HandleAsync_Callback429EndingPastDeadline_SendsOneFollowupInsteadOfRetrying()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.FailNext("POST", "/callback", count: 10, status: 429, retryAfterSeconds: 24);
        var dispatcher = sp.Dispatcher().Map("status", (_, _) => Task.FromResult(InteractionResponse.Reply("all good")));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("status")), CancellationToken.None).WaitAsync(Timeout);

        var callback = Assert.Single(fake.RequestsTo("POST", "/callback"));
        Assert.Equal(429, callback.Status);
        var followup = Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
        Assert.Equal($"/webhooks/{FakeDiscordServer.ApplicationId}/interaction-token-abc", followup.Path);
        Assert.Equal("all good", JsonDocument.Parse(followup.Body).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task HandleAsync_Callback429EndingBeforeDeadline_RetriesTheCallback()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/callback", count: 1, status: 429, retryAfterSeconds: 0.05);
        var dispatcher = sp.Dispatcher().Map("status", (_, _) => Task.FromResult(InteractionResponse.Reply("all good")));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("status")), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([429, 204], fake.RequestsTo("POST", "/callback").Select(r => r.Status));
        Assert.Empty(fake.RequestsTo("POST", "/webhooks/"));
    }

    [Fact]
    public async Task HandleAsync_DeferralRefused_RepliesDirectlyWithTheHandlersResult()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        // A Discord-compatible server without deferred responses: type 5 refused with 400, type 4 accepted.
        fake.RespondNext("POST", "/callback", 1, 400, """{"message":"Invalid interaction response type","code":50035}""", bodyContains: "\"type\":5");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = sp.Dispatcher().Map("news", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return InteractionResponse.Reply("slow result");
        });

        var handling = dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("news")), CancellationToken.None);
        await FakeDiscordServer.WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return fake.RequestsTo("POST", "/callback").Any(r => r.Status == 400);
        }, Timeout);
        release.SetResult();
        await handling.WaitAsync(Timeout);

        var callbacks = fake.RequestsTo("POST", "/callback");
        Assert.Equal([5, 4], callbacks.Select(TypeOf));
        Assert.Equal([400, 204], callbacks.Select(r => r.Status));
        Assert.Equal("slow result", JsonDocument.Parse(callbacks[1].Body).RootElement.GetProperty("data").GetProperty("content").GetString());
        Assert.Empty(fake.RequestsTo("PATCH", "/messages/@original"));
    }

    [Fact]
    public async Task HandleAsync_DeferralRefusedAndHandlerOutlivesDeadline_FallsBackToFollowup()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.RespondNext("POST", "/callback", 1, 400, """{"message":"Invalid interaction response type","code":50035}""", bodyContains: "\"type\":5");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = sp.Dispatcher().Map("news", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return InteractionResponse.Reply("very slow result");
        });

        var handling = dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("news")), CancellationToken.None);
        await FakeDiscordServer.WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return fake.RequestsTo("POST", "/callback").Any(r => r.Status == 400);
        }, Timeout);
        time.Advance(InteractionDispatcher.InitialResponseDeadline);
        release.SetResult();
        await handling.WaitAsync(Timeout);

        Assert.Equal([5], fake.RequestsTo("POST", "/callback").Select(TypeOf));
        var followup = Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
        Assert.Equal("very slow result", JsonDocument.Parse(followup.Body).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task HandleAsync_AfterDeferral_EditPastTokenLifetimeIsNotSent()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = sp.Dispatcher().Map("news", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return InteractionResponse.Reply("too late");
        });

        var handling = dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("news")), CancellationToken.None);
        await FakeDiscordServer.WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return fake.RequestsTo("POST", "/callback").Any(r => r.Status != 0);
        }, Timeout);
        time.Advance(InteractionDispatcher.TokenLifetime);
        release.SetResult();
        await handling.WaitAsync(Timeout);

        Assert.Equal([5], fake.RequestsTo("POST", "/callback").Select(TypeOf));
        Assert.Empty(fake.RequestsTo("PATCH", "/messages/@original"));
    }
}
