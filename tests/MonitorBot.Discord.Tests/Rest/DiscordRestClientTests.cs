using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private const string Channel = "600000000000000001";
    private const string OtherChannel = "600000000000000002";

    [Fact]
    public async Task CreateMessageAsync_Always_SendsBotAuthUserAgentAndNoMentions()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:BotUrl"] = "https://example.org/bot", ["Discord:Version"] = "2.5" });

        var message = await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "@everyone look <@&123>" }, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(message.Id));
        var request = Assert.Single(fake.RequestsTo("POST", "/channels/" + Channel + "/messages"));
        Assert.Equal("Bot " + FakeDiscordServer.DefaultToken, request.Header("Authorization"));
        Assert.Equal("DiscordBot (https://example.org/bot, 2.5)", request.Header("User-Agent"));
        using var body = JsonDocument.Parse(request.Body);
        var mentions = body.RootElement.GetProperty("allowed_mentions");
        Assert.Equal(JsonValueKind.Array, mentions.GetProperty("parse").ValueKind);
        Assert.Equal(0, mentions.GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task AllMessageRoutes_WithoutAllowedMentions_SendParseEmpty()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var rest = sp.Rest();
        var payload = new MessagePayload { Content = "hi" };

        await rest.CreateMessageAsync(Channel, payload, CancellationToken.None);
        await rest.EditMessageAsync(Channel, "900000000000000001", payload, CancellationToken.None);
        await rest.EditOriginalInteractionResponseAsync(FakeDiscordServer.ApplicationId, "tok", payload, CancellationToken.None);
        await rest.CreateFollowupMessageAsync(FakeDiscordServer.ApplicationId, "tok", payload, CancellationToken.None);
        await rest.CreateInteractionResponseAsync("300000000000000001", "tok", new InteractionCallback
        {
            Type = InteractionCallbackTypes.ChannelMessageWithSource,
            Data = InteractionCallbackData.FromMessage(payload) with { AllowedMentions = null },
        }, CancellationToken.None);

        Assert.Equal(5, fake.Requests.Count);
        foreach (var request in fake.Requests)
        {
            using var body = JsonDocument.Parse(request.Body);
            var root = body.RootElement.TryGetProperty("data", out var data) ? data : body.RootElement;
            Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        }
    }

    [Fact]
    public async Task CreateMessageAsync_RoleMentionsAllowed_ListsOnlyThoseRoles()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);

        var payload = new MonitorBot.Discord.Embeds.MessageBuilder().WithContent("<@&700000000000000009> alert").AllowRoleMentions(["700000000000000009"]).Build();
        await sp.Rest().CreateMessageAsync(Channel, payload, CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(fake.Requests).Body);
        var mentions = body.RootElement.GetProperty("allowed_mentions");
        Assert.Equal(0, mentions.GetProperty("parse").GetArrayLength());
        Assert.Equal("700000000000000009", Assert.Single(mentions.GetProperty("roles").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_WithFilesAfter429_RetriesWithSameMultipartBody()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/callback", 1);
        var files = new[] { new FileAttachment("data.csv", "a,b\n1,2\n"u8.ToArray(), null, "text/csv") };
        var callback = new InteractionCallback
        {
            Type = InteractionCallbackTypes.UpdateMessage,
            Data = new InteractionCallbackData { Content = "updated <@400000000000000001>" },
        };

        await sp.Rest().CreateInteractionResponseAsync("300000000000000001", "tok", callback, files, CancellationToken.None);

        var requests = fake.RequestsTo("POST", "/interactions/300000000000000001/tok/callback");
        Assert.Equal([429, 204], requests.Select(r => r.Status));
        var ok = requests[1];
        Assert.Equal("a,b\n1,2\n"u8.ToArray(), Assert.Single(ok.Files).Content);
        using var payload = JsonDocument.Parse(ok.FormFields["payload_json"]);
        Assert.Equal(7, payload.RootElement.GetProperty("type").GetInt32());
        var data = payload.RootElement.GetProperty("data");
        Assert.Equal(0, data.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal("data.csv", Assert.Single(data.GetProperty("attachments").EnumerateArray().ToList()).GetProperty("filename").GetString());
        Assert.Equal(requests[0].FormFields["payload_json"], ok.FormFields["payload_json"]);
    }

    [Fact]
    public async Task EditOriginalInteractionResponseAsync_WithoutFiles_StaysJson()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);

        await sp.Rest().EditOriginalInteractionResponseAsync(FakeDiscordServer.ApplicationId, "tok", new MessagePayload { Content = "x" }, [], CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(request.Body).RootElement.TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task CreateMessageAsync_WithFiles_SendsMultipartPayloadJsonAndFiles()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var files = new[]
        {
            new FileAttachment("chart.png", new byte[] { 1, 2, 3, 4 }, "price chart", "image/png"),
            new FileAttachment("data.csv", "a,b\n1,2\n"u8.ToArray(), null, "text/csv"),
        };

        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "with files" }, files, CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(["files[0]", "files[1]"], request.Files.Select(f => f.FieldName));
        Assert.Equal(["chart.png", "data.csv"], request.Files.Select(f => f.FileName));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, request.Files[0].Content);
        using var payload = JsonDocument.Parse(request.FormFields["payload_json"]);
        Assert.Equal("with files", payload.RootElement.GetProperty("content").GetString());
        Assert.Equal(0, payload.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var attachments = payload.RootElement.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(0, attachments[0].GetProperty("id").GetInt32());
        Assert.Equal("chart.png", attachments[0].GetProperty("filename").GetString());
        Assert.Equal("price chart", attachments[0].GetProperty("description").GetString());
        Assert.Equal(1, attachments[1].GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("500000000000000001", "/applications/" + FakeDiscordServer.ApplicationId + "/guilds/500000000000000001/commands")]
    [InlineData(null, "/applications/" + FakeDiscordServer.ApplicationId + "/commands")]
    public async Task RegisterCommandsAsync_GuildOrGlobal_UsesBulkOverwriteRoute(string? guildId, string expectedPath)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:GuildId"] = guildId });
        var commands = new[]
        {
            new ApplicationCommand
            {
                Name = "price",
                Description = "Latest price",
                Options =
                [
                    new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.String, Name = "series", Description = "Series", Required = true, Autocomplete = true },
                    new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.Integer, Name = "days", Description = "Days", MinValue = 1, MaxValue = 365 },
                ],
            },
            new ApplicationCommand
            {
                Name = "config",
                Description = "Admin",
                DefaultMemberPermissions = "32",
                Contexts = [0],
                Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.SubCommand, Name = "show", Description = "Show" }],
            },
        };

        var result = await sp.Rest().RegisterCommandsAsync(commands, CancellationToken.None);

        Assert.Equal(2, result.Count);
        var puts = fake.Requests.Where(r => r.Method == "PUT").ToList();
        var put = Assert.Single(puts);
        Assert.Equal(expectedPath, put.Path);
        Assert.Single(fake.RequestsTo("GET", "/oauth2/applications/@me"));
        using var body = JsonDocument.Parse(put.Body);
        var array = body.RootElement.EnumerateArray().ToList();
        Assert.Equal("price", array[0].GetProperty("name").GetString());
        Assert.Equal(1, array[0].GetProperty("type").GetInt32());
        Assert.True(array[0].GetProperty("options")[0].GetProperty("autocomplete").GetBoolean());
        Assert.Equal(4, array[0].GetProperty("options")[1].GetProperty("type").GetInt32());
        Assert.Equal("32", array[1].GetProperty("default_member_permissions").GetString());
        Assert.False(array[0].TryGetProperty("default_member_permissions", out _));
    }

    [Fact]
    public async Task CreateMessageAsync_Bucket429Twice_DeliversEachMessageExactlyOnce()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/messages", count: 2, status: 429, retryAfterSeconds: 0.05);

        var sends = Enumerable.Range(1, 5).Select(i => sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "m" + i }, CancellationToken.None));
        await Task.WhenAll(sends);

        var accepted = fake.RequestsTo("POST", "/messages").Where(r => r.IsSuccess).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("content").GetString()).ToList();
        Assert.Equal(5, accepted.Count);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], accepted.Order());
        Assert.Equal(2, fake.RequestsTo("POST", "/messages").Count(r => r.Status == 429));
        Assert.Equal(0, fake.RateLimitViolations);
        Assert.Equal(2, sp.GetRequiredService<DiscordRateLimiter>().InvalidRequestCount);
    }

    [Fact]
    public async Task Global429_PausesOtherRoutesUntilRetryAfter()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.FailNext("POST", "/channels/" + Channel, count: 1, status: 429, global: true, retryAfterSeconds: 0.4);

        var first = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "a" }, CancellationToken.None);
        var limiter = sp.GetRequiredService<DiscordRateLimiter>();
        await FakeDiscordServer.WaitUntilAsync(() => limiter.GlobalResetAt > DateTimeOffset.MinValue);
        var second = sp.Rest().CreateMessageAsync(OtherChannel, new MessagePayload { Content = "b" }, CancellationToken.None);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(0.39));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Empty(fake.RequestsTo("POST", OtherChannel));

        // The 429 also said the first channel's bucket is empty (Reset-After 0.4, rounded: 0.55 s): past both.
        time.Advance(TimeSpan.FromSeconds(0.2));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        var limited = fake.Requests.Single(r => r.Status == 429);
        var other = fake.Requests.Single(r => r.Path.Contains(OtherChannel, StringComparison.Ordinal));
        Assert.True(other.ReceivedAt - limited.ReceivedAt >= TimeSpan.FromSeconds(0.4), $"other route waited only {(other.ReceivedAt - limited.ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(2, fake.Requests.Count(r => r.IsSuccess));
    }

    [Fact]
    public async Task Global429_InteractionCallback_IsNotHeldByGlobalPause()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.FailNext("POST", "/channels/", count: 1, status: 429, global: true, retryAfterSeconds: 6);
        await sp.Rest().CreateInteractionResponseAsync("300000000000000008", "tok", new InteractionCallback { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource }, CancellationToken.None);

        var message = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "a" }, CancellationToken.None);
        var limiter = sp.GetRequiredService<DiscordRateLimiter>();
        await FakeDiscordServer.WaitUntilAsync(() => limiter.GlobalResetAt > DateTimeOffset.MinValue);

        // No fake time passes: the callback goes out while the 6 s global pause still holds the message.
        await sp.Rest().CreateInteractionResponseAsync("300000000000000009", "tok", new InteractionCallback { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(fake.RequestsTo("POST", "/interactions/300000000000000009/"));
        Assert.False(message.IsCompleted);

        // The 429 also emptied the message's bucket (Reset-After "6", whole seconds: up to 7.05 s).
        time.Advance(TimeSpan.FromSeconds(7.2));
        await message.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, fake.RequestsTo("POST", "/channels/" + Channel + "/messages").Count);
    }

    [Fact]
    public async Task RemainingZero_NextRequestWaitsForReset()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 0.3);

        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "1" }, CancellationToken.None);
        var second = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "2" }, CancellationToken.None);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(0.3));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Single(fake.RequestsTo("POST", "/messages"));

        time.Advance(TimeSpan.FromSeconds(0.2));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        var requests = fake.RequestsTo("POST", "/messages");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.IsSuccess));
        Assert.Equal(0, fake.RateLimitViolations);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.3));
    }

    [Fact]
    public async Task RemainingZero_ConcurrentSendsSameBucket_NeverExceedIt()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 0.3, count: 2);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "c" + i }, CancellationToken.None)));

        Assert.True(fake.RateLimitViolations == 0, string.Join(" | ", fake.Requests.Select(r => $"{r.ReceivedAt:HH:mm:ss.fff} {r.Status} {r.Body}")));
        Assert.Equal(3, fake.RequestsTo("POST", "/messages").Count);
        Assert.All(fake.Requests, r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task RemainingZero_OtherChannel_IsNotDelayed()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        fake.Clock = time;
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        fake.SetRateLimit("POST", "/channels/" + Channel + "/messages", remaining: 0, resetAfterSeconds: 10);

        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "1" }, CancellationToken.None);
        var held = sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "held" }, CancellationToken.None);

        // No fake time passes: a different major parameter is a different bucket, while the first channel's waits 10 s.
        await sp.Rest().CreateMessageAsync(OtherChannel, new MessagePayload { Content = "2" }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(fake.RequestsTo("POST", "/channels/" + OtherChannel + "/messages"));
        Assert.False(held.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(11.2));
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, fake.RateLimitViolations);
    }

    [Fact]
    public async Task ServerError_RetriedWithBackoff_ThenSucceeds()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        fake.FailNext("POST", "/messages", count: 2, status: 502);

        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "x" }, CancellationToken.None);

        Assert.Equal([502, 502, 200], fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task ServerError_BeyondMaxRetries_ThrowsDiscordHttpException()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:RestMaxRetries"] = "2" });
        fake.FailNext("POST", "/messages", count: 10, status: 503);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "x" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(3, fake.Requests.Count);
        Assert.Contains("POST /channels/{id}/messages", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_StopsEveryFurtherRequest_WithoutLeakingToken()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        const string wrongToken = "WRONG.token-value_xyz";
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:Token"] = wrongToken });

        var first = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "x" }, CancellationToken.None));
        var second = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => sp.Rest().GetGatewayBotAsync(CancellationToken.None));

        Assert.Single(fake.Requests);
        Assert.DoesNotContain(wrongToken, first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, second.Message, StringComparison.Ordinal);
        Assert.True(sp.GetRequiredService<DiscordRateLimiter>().IsUnauthorized);
    }

    [Fact]
    public async Task EditOriginal_InteractionToken_NeverAppearsInErrors()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:RestMaxRetries"] = "0" });
        fake.FailNext("PATCH", "/webhooks/", count: 1, status: 500);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() =>
            sp.Rest().EditOriginalInteractionResponseAsync(FakeDiscordServer.ApplicationId, "secret-interaction-token", new MessagePayload { Content = "x" }, CancellationToken.None));

        Assert.DoesNotContain("secret-interaction-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/webhooks/{id}/{token}/messages/@original", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRequestBudget_AtSoftLimit_HoldsRequestsUntilWindowFrees()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, new Dictionary<string, string?> { ["Discord:InvalidRequestSoftLimit"] = "2" },
            services => services.AddSingleton<TimeProvider>(time));
        fake.FailNext("POST", "/messages", count: 2, status: 403);
        var rest = sp.Rest();

        await Assert.ThrowsAsync<DiscordHttpException>(() => rest.CreateMessageAsync(Channel, new MessagePayload { Content = "1" }, CancellationToken.None));
        await Assert.ThrowsAsync<DiscordHttpException>(() => rest.CreateMessageAsync(Channel, new MessagePayload { Content = "2" }, CancellationToken.None));
        Assert.Equal(2, sp.GetRequiredService<DiscordRateLimiter>().InvalidRequestCount);

        var third = rest.CreateMessageAsync(Channel, new MessagePayload { Content = "3" }, CancellationToken.None);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, fake.Requests.Count);

        // The two invalid requests leave the 10-minute window: the held request goes out.
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task CreateMessageAsync_Nonce_IsSentForDeduplication()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);

        await sp.Rest().CreateMessageAsync(Channel, new MessagePayload { Content = "alert", Nonce = "outbox-42", EnforceNonce = true }, CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(fake.Requests).Body).RootElement;
        Assert.Equal("outbox-42", body.GetProperty("nonce").GetString());
        Assert.True(body.GetProperty("enforce_nonce").GetBoolean());
    }

    [Theory]
    [InlineData("POST", "/channels/123456789012345678/messages", "POST /channels/123456789012345678/messages", "123456789012345678", "POST /channels/{id}/messages", false)]
    [InlineData("PATCH", "/channels/123456789012345678/messages/223456789012345678", "PATCH /channels/123456789012345678/messages/{id}", "123456789012345678", "PATCH /channels/{id}/messages/{id}", false)]
    [InlineData("PUT", "/applications/123456789012345678/guilds/223456789012345678/commands", "PUT /applications/{id}/guilds/{id}/commands", "", "PUT /applications/{id}/guilds/{id}/commands", false)]
    [InlineData("PATCH", "/webhooks/123456789012345678/tok-en/messages/@original", "PATCH /webhooks/123456789012345678/tok-en/messages/@original", "123456789012345678/tok-en", "PATCH /webhooks/{id}/{token}/messages/@original", true)]
    [InlineData("POST", "/interactions/123456789012345678/tok-en/callback", "POST /interactions/123456789012345678/{token}/callback", "123456789012345678", "POST /interactions/{id}/{token}/callback", true)]
    [InlineData("GET", "/gateway/bot", "GET /gateway/bot", "", "GET /gateway/bot", false)]
    public void DiscordRoute_Parse_KeepsMajorParametersAndHidesTokens(string method, string path, string key, string major, string display, bool exempt)
    {
        var route = DiscordRoute.Parse(method, path);

        Assert.Equal(key, route.Key);
        Assert.Equal(major, route.Major);
        Assert.Equal(display, route.Display);
        Assert.Equal(exempt, route.ExemptFromGlobal);
    }
}
