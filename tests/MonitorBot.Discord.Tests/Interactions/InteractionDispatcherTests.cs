using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests.Interactions;

public sealed class InteractionDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Interaction Parse(string json) => JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!;

    private static JsonElement CallbackBody(FakeDiscordServer fake) =>
        JsonDocument.Parse(Assert.Single(fake.RequestsTo("POST", "/callback")).Body).RootElement;

    [Fact]
    public async Task FastHandler_RepliesDirectlyWithType4()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("status", (ctx, _) => Task.FromResult(InteractionResponse.Reply("all good")));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("status")), CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/interactions/300000000000000001/interaction-token-abc/callback", request.Path);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal("all good", body.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(0, body.GetProperty("data").GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.False(body.GetProperty("data").TryGetProperty("flags", out _));
    }

    [Fact]
    public async Task SlowHandler_DefersWithType5ThenEditsOriginal()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = sp.Dispatcher().Map("news", async (ctx, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return InteractionResponse.Reply("slow result");
        });

        var handling = dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("news")), CancellationToken.None);
        // The handler is blocked until the test sees the first response: the deferral went out without it.
        var callback = await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);
        Assert.Empty(fake.RequestsTo("PATCH", "/messages/@original"));
        release.SetResult();
        await handling.WaitAsync(Timeout);

        Assert.Equal(5, JsonDocument.Parse(callback.Body).RootElement.GetProperty("type").GetInt32());
        var patch = Assert.Single(fake.RequestsTo("PATCH", "/messages/@original"));
        Assert.Equal($"/webhooks/{FakeDiscordServer.ApplicationId}/interaction-token-abc/messages/@original", patch.Path);
        var body = JsonDocument.Parse(patch.Body).RootElement;
        Assert.Equal("slow result", body.GetProperty("content").GetString());
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.True(callback.ReceivedAt < patch.ReceivedAt);
    }

    private static readonly byte[] ChartBytes = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    private static InteractionResponse FileReply(string content, bool ephemeral = false) =>
        InteractionResponse.Reply(new MessagePayload { Content = content },
            [new FileAttachment("chart.png", ChartBytes, "price chart", "image/png")], ephemeral);

    private static void AssertMultipartWithChart(RecordedRequest request)
    {
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        var file = Assert.Single(request.Files);
        Assert.Equal("files[0]", file.FieldName);
        Assert.Equal("chart.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(ChartBytes, file.Content);
    }

    private static void AssertAttachmentsArray(JsonElement message)
    {
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal(0, attachment.GetProperty("id").GetInt32());
        Assert.Equal("chart.png", attachment.GetProperty("filename").GetString());
        Assert.Equal("price chart", attachment.GetProperty("description").GetString());
        Assert.Equal(0, message.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task FastHandler_ReplyWithFile_SendsMultipartCallbackType4()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("chart", (ctx, _) => Task.FromResult(FileReply("here is the chart")));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("chart")), CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/interactions/300000000000000001/interaction-token-abc/callback", request.Path);
        Assert.True(request.IsSuccess);
        AssertMultipartWithChart(request);
        var payload = JsonDocument.Parse(request.FormFields["payload_json"]).RootElement;
        Assert.Equal(4, payload.GetProperty("type").GetInt32());
        Assert.Equal("here is the chart", payload.GetProperty("data").GetProperty("content").GetString());
        AssertAttachmentsArray(payload.GetProperty("data"));
    }

    [Fact]
    public async Task SlowHandler_ReplyWithFile_DefersThenPatchesOriginalAsMultipart()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("chart", async (ctx, ct) =>
        {
            await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);
            return FileReply("slow chart");
        });

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("chart")), CancellationToken.None);

        var callback = Assert.Single(fake.RequestsTo("POST", "/callback"));
        Assert.Equal(5, JsonDocument.Parse(callback.Body).RootElement.GetProperty("type").GetInt32());
        Assert.Empty(callback.Files);
        var patch = Assert.Single(fake.RequestsTo("PATCH", "/messages/@original"));
        Assert.True(patch.IsSuccess);
        AssertMultipartWithChart(patch);
        var payload = JsonDocument.Parse(patch.FormFields["payload_json"]).RootElement;
        Assert.Equal("slow chart", payload.GetProperty("content").GetString());
        AssertAttachmentsArray(payload);
    }

    [Fact]
    public async Task SlowHandler_EphemeralReplyWithFileAfterPublicDefer_SendsMultipartEphemeralFollowup()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("chart", async (ctx, ct) =>
        {
            await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);
            return FileReply("private chart", ephemeral: true);
        });

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("chart")), CancellationToken.None);

        Assert.Single(fake.RequestsTo("DELETE", "/messages/@original"));
        var followup = Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
        AssertMultipartWithChart(followup);
        var payload = JsonDocument.Parse(followup.FormFields["payload_json"]).RootElement;
        Assert.Equal(64, payload.GetProperty("flags").GetInt32());
        AssertAttachmentsArray(payload);
    }

    [Fact]
    public async Task SlowEphemeralRoute_DefersWithFlag64()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("config show", async (ctx, ct) =>
        {
            await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);
            return InteractionResponse.Reply("secret config", ephemeral: true);
        }, ephemeral: true);

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("config", """[{"name":"show","type":1,"options":[]}]""")), CancellationToken.None);

        var callback = CallbackBody(fake);
        Assert.Equal(5, callback.GetProperty("type").GetInt32());
        Assert.Equal(64, callback.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Single(fake.RequestsTo("PATCH", "/messages/@original"));
    }

    [Fact]
    public async Task HandlerThrows_RepliesEphemeralErrorType4()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("status", (_, _) => throw new InvalidOperationException("db is down: secret detail"));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("status")), CancellationToken.None);

        var body = CallbackBody(fake);
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.DoesNotContain("secret detail", body.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionError_ShowsItsMessageEphemerally()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("price", (ctx, _) => Task.FromResult(InteractionResponse.Reply(ctx.RequireString("series"))));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("price")), CancellationToken.None);

        var data = CallbackBody(fake).GetProperty("data");
        Assert.Equal(64, data.GetProperty("flags").GetInt32());
        Assert.Equal("Option 'series' is required.", data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task SlowHandlerThrows_AfterPublicDefer_DeletesOriginalAndSendsEphemeralFollowup()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher().Map("trade", async (ctx, ct) =>
        {
            await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);
            throw new InvalidOperationException("late failure");
        });

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("trade")), CancellationToken.None);

        Assert.Equal(5, CallbackBody(fake).GetProperty("type").GetInt32());
        Assert.Single(fake.RequestsTo("DELETE", "/messages/@original"));
        var followup = Assert.Single(fake.RequestsTo("POST", "/webhooks/"));
        Assert.Equal(64, JsonDocument.Parse(followup.Body).RootElement.GetProperty("flags").GetInt32());
        Assert.Empty(fake.RequestsTo("PATCH", "/messages/@original"));
    }

    [Fact]
    public async Task UnknownCommand_RepliesEphemeral()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);

        await sp.Dispatcher().HandleAsync(Parse(FakeDiscordServer.InteractionJson("nope")), CancellationToken.None);

        var body = CallbackBody(fake);
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Theory]
    [InlineData("""[{"name":"show","type":1,"options":[]}]""", "show")]
    [InlineData("""[{"name":"set","type":1,"options":[{"name":"key","type":3,"value":"x"}]}]""", "set")]
    [InlineData("""[{"name":"other","type":1,"options":[]}]""", "parent")]
    public async Task Subcommands_RouteToMostSpecificHandler(string options, string expected)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var dispatcher = sp.Dispatcher()
            .Map("config", (ctx, _) => Task.FromResult(InteractionResponse.Reply("parent")))
            .Map("config show", (ctx, _) => Task.FromResult(InteractionResponse.Reply("show")))
            .Map("config set", (ctx, _) => Task.FromResult(InteractionResponse.Reply(ctx.Subcommand + ":" + ctx.RequireString("key") is "set:x" ? "set" : "wrong")));

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("config", options)), CancellationToken.None);

        Assert.Equal(expected, CallbackBody(fake).GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Autocomplete_ReturnsAtMost25ChoicesWithType8()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        string? focused = null;
        var dispatcher = sp.Dispatcher().MapAutocomplete("price", (ctx, _) =>
        {
            focused = ctx.FocusedOption?.Name + "=" + ctx.GetString(ctx.FocusedOption!.Name);
            IReadOnlyList<ApplicationCommandOptionChoice> choices = Enumerable.Range(1, 40)
                .Select(i => ApplicationCommandOptionChoice.String("series " + i + new string('n', 120), "id-" + i)).ToList();
            return Task.FromResult(choices);
        });

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("price", """[{"name":"series","type":3,"value":"dy","focused":true}]""", type: 4)), CancellationToken.None);

        Assert.Equal("series=dy", focused);
        var body = CallbackBody(fake);
        Assert.Equal(8, body.GetProperty("type").GetInt32());
        var choices = body.GetProperty("data").GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(25, choices.Count);
        Assert.All(choices, c => Assert.True(c.GetProperty("name").GetString()!.Length <= 100));
        Assert.Equal("id-1", choices[0].GetProperty("value").GetString());
        Assert.False(body.GetProperty("data").TryGetProperty("allowed_mentions", out _));
    }

    [Fact]
    public async Task Autocomplete_SlowHandler_AnswersEmptyBeforeDeadline()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        await using var sp = TestHost.Build(fake, configure: s => s.AddSingleton<TimeProvider>(time));
        var dispatcher = sp.Dispatcher().MapAutocomplete("price", async (ctx, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(8), time, ct);
            return [ApplicationCommandOptionChoice.String("late", "late")];
        });

        var handling = dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("price", """[{"name":"series","type":3,"value":"","focused":true}]""", type: 4)), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(490));
        await Task.Delay(100);
        Assert.False(handling.IsCompleted);
        Assert.Empty(fake.Requests);

        // At the 0.5 s autocomplete timeout (long before the 8 s handler) the answer goes out, empty.
        time.Advance(TimeSpan.FromMilliseconds(10));
        await handling.WaitAsync(Timeout);
        Assert.Equal(0, CallbackBody(fake).GetProperty("data").GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task Component_RoutesByLongestCustomIdPrefix_AndCanUpdateMessage()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        string? seen = null;
        var dispatcher = sp.Dispatcher()
            .MapComponent("alert:", (ctx, _) => Task.FromResult(InteractionResponse.Reply("generic")))
            .MapComponent("alert:ack:", (ctx, _) =>
            {
                seen = ctx.CustomId;
                return Task.FromResult(InteractionResponse.Update(new MessagePayload { Content = "acknowledged" }));
            });

        await dispatcher.HandleAsync(Parse(FakeDiscordServer.InteractionJson("", type: 3, customId: "alert:ack:42")), CancellationToken.None);

        Assert.Equal("alert:ack:42", seen);
        var body = CallbackBody(fake);
        Assert.Equal(7, body.GetProperty("type").GetInt32());
        Assert.Equal("acknowledged", body.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Gateway_InteractionCreate_IsAnsweredThroughDispatcher()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        var dispatcher = sp.Dispatcher().Map("status", (ctx, _) => Task.FromResult(InteractionResponse.Reply("from " + ctx.UserId)));
        dispatcher.Attach(gateway);

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson("status"));
            var callback = await fake.WaitForRequestAsync(r => r.Path.EndsWith("/callback", StringComparison.Ordinal), Timeout);

            Assert.Equal("from 400000000000000001", JsonDocument.Parse(callback.Body).RootElement.GetProperty("data").GetProperty("content").GetString());
            await dispatcher.WhenIdleAsync();
        }
    }

    [Fact]
    public async Task Gateway_SlowInteraction_DoesNotBlockTheNextOne()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var gateway = sp.Gateway();
        var dispatcher = sp.Dispatcher()
            .Map("slow", async (ctx, ct) =>
            {
                // Finishes only after the fast interaction has been answered.
                await fake.WaitForRequestAsync(r => r.Path.Contains("tok-fast", StringComparison.Ordinal), Timeout);
                return InteractionResponse.Reply("slow");
            })
            .Map("fast", (ctx, _) => Task.FromResult(InteractionResponse.Reply("fast")));
        dispatcher.Attach(gateway);

        await using (new RunningGateway(gateway))
        {
            await FakeDiscordServer.WaitUntilAsync(() => gateway.Status == GatewayStatus.Ready, Timeout);
            await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson("slow", id: "300000000000000001", token: "tok-slow"));
            await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson("fast", id: "300000000000000002", token: "tok-fast"));

            var fast = await fake.WaitForRequestAsync(r => r.Path.Contains("tok-fast", StringComparison.Ordinal), Timeout);
            Assert.Equal(4, JsonDocument.Parse(fast.Body).RootElement.GetProperty("type").GetInt32());
            await dispatcher.WhenIdleAsync().WaitAsync(Timeout);
            Assert.Single(fake.RequestsTo("POST", "tok-slow/callback"));
        }
    }
}
