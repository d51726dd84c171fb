using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>The real worker host against a fake Discord on 127.0.0.1 (REST + gateway), as `monitorbot run` would.</summary>
public sealed class BotEndToEndTests
{
    private const string Guild = "500000000000000001";
    private const string AlertChannel = "600000000000000009";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    internal static void WriteConfig(TempDirectory dir, FakeDiscordServer fake, string? adminRole = null, Action<JsonObject>? tweak = null) =>
        TestConfig.Write(dir, [], root =>
        {
            root["Feeds"]!["Enabled"] = false;
            root["Discord"] = new JsonObject
            {
                ["Token"] = FakeDiscordServer.DefaultToken,
                ["ApiBaseUrl"] = fake.ApiBaseUrl,
                ["GuildId"] = Guild,
                ["AlertChannelId"] = AlertChannel,
                ["AdminRoleIds"] = adminRole is null ? new JsonArray() : new JsonArray(adminRole),
                ["ReconnectBackoffBase"] = "00:00:00.050",
                ["ReconnectBackoffMax"] = "00:00:00.500",
                ["InvalidSessionDelayMin"] = "00:00:00.010",
                ["InvalidSessionDelayMax"] = "00:00:00.050",
                ["RestRetryBaseDelay"] = "00:00:00.020",
            };
            root["Alerts"] = new JsonObject { ["DispatchInterval"] = "00:00:00.100" };
            tweak?.Invoke(root);
        });

    /// <summary>The real worker host against <paramref name="fake"/>, started, connected and identified. Dispose both.</summary>
    internal static async Task<(IHost Host, TempDirectory Dir)> StartWorkerAsync(FakeDiscordServer fake, Action<JsonObject>? tweak = null)
    {
        var dir = new TempDirectory();
        WriteConfig(dir, fake, tweak: tweak);
        var host = Build(dir);
        await host.StartAsync();
        await fake.WaitForConnectionAsync(1, Wait);
        await FakeDiscordServer.WaitUntilAsync(() => fake.Current?.ReceivedOp(2).Count > 0, Wait);
        return (host, dir);
    }

    internal static IHost Build(TempDirectory dir) =>
        MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true }).Build();

    private static JsonElement CallbackFor(FakeDiscordServer fake, string interactionId) =>
        JsonDocument.Parse(fake.RequestsTo("POST", $"/interactions/{interactionId}/")[^1].Json).RootElement;

    internal static async Task<JsonElement> AskAsync(FakeDiscordServer fake, string name, string options = "[]", string id = "300000000000000001",
        int type = 2, string permissions = "0", string? customId = null, string? resolvedJson = null)
    {
        await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson(name, options, type, id, token: "tok-" + id, permissions: permissions, customId: customId, resolvedJson: resolvedJson));
        await fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains($"/interactions/{id}/", StringComparison.Ordinal), Wait);
        var callback = CallbackFor(fake, id);
        if (callback.GetProperty("type").GetInt32() is 5 or 6)
        {
            // Deferred: the answer is the @original edit.
            var edit = await fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains("/tok-" + id + "/messages/@original", StringComparison.Ordinal), Wait);
            return JsonDocument.Parse($$"""{"type":4,"data":{{edit.Json}}}""").RootElement;
        }
        return callback;
    }

    [Fact]
    public async Task Run_WithFakeDiscord_RegistersCommandsAndAnswersThem()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        using var dir = new TempDirectory();
        WriteConfig(dir, fake);
        using var host = Build(dir);
        await host.StartAsync();
        try
        {
            var put = await fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith($"/guilds/{Guild}/commands", StringComparison.Ordinal), Wait);
            var commands = JsonNode.Parse(put.Json)!.AsArray();
            Assert.Equal(["alerts", "config", "feed", "feeds", "news", "price", "status", "subscribe", "trade", "unsubscribe"], commands.Select(c => c!["name"]!.GetValue<string>()).Order());
            Assert.All(commands.Where(c => c!["name"]!.GetValue<string>() is "alerts" or "config" or "feed" or "subscribe" or "unsubscribe"), c => Assert.Equal("32", c!["default_member_permissions"]!.GetValue<string>()));
            Assert.All(commands.Where(c => c!["name"]!.GetValue<string>() is "status" or "price"), c => Assert.Null(c!["default_member_permissions"]));
            await fake.WaitForConnectionAsync(1, Wait);
            await FakeDiscordServer.WaitUntilAsync(() => fake.Current?.ReceivedOp(2).Count > 0, Wait);
            var identify = fake.Current!.ReceivedOp(2)[0];
            Assert.Equal(1, identify.GetProperty("d").GetProperty("intents").GetInt32());

            // Seed a price so /status and /price have something to say.
            await host.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("manual",
                [new PriceObservation("tb-oxide", new DateTimeOffset(2025, 3, 17, 0, 0, 0, TimeSpan.Zero), 6480, "kg", "CNY", "smm", new DateTimeOffset(2025, 3, 17, 1, 0, 0, TimeSpan.Zero)),
                 new PriceObservation("tb-oxide", new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), 6550, "kg", "CNY", "smm", new DateTimeOffset(2025, 3, 24, 1, 0, 0, TimeSpan.Zero))],
                [], []), CancellationToken.None);

            var status = await AskAsync(fake, "status", id: "300000000000000011");
            Assert.Equal(4, status.GetProperty("type").GetInt32());
            var statusEmbed = status.GetProperty("data").GetProperty("embeds")[0];
            Assert.StartsWith("Kachin heavy-rare-earth supply:", statusEmbed.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains("6,550", statusEmbed.GetRawText(), StringComparison.Ordinal);
            Assert.Equal(0, status.GetProperty("data").GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());

            var price = await AskAsync(fake, "price", """[{"name":"series","type":3,"value":"tb-oxide"},{"name":"days","type":4,"value":36500}]""", id: "300000000000000012");
            Assert.Equal(64, price.GetProperty("data").GetProperty("flags").GetInt32() & 64); // days out of range → ephemeral error

            var price2 = await AskAsync(fake, "price", """[{"name":"series","type":3,"value":"tb-oxide"},{"name":"days","type":4,"value":3650}]""", id: "300000000000000013");
            var priceEmbed = price2.GetProperty("data").GetProperty("embeds")[0];
            Assert.Contains("6,550", priceEmbed.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains("smm", priceEmbed.GetRawText(), StringComparison.Ordinal);

            var unknown = await AskAsync(fake, "price", """[{"name":"series","type":3,"value":"unobtainium"}]""", id: "300000000000000014");
            Assert.Equal(64, unknown.GetProperty("data").GetProperty("flags").GetInt32() & 64);
            Assert.Contains("Unknown series", unknown.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);

            var auto = await AskAsync(fake, "price", """[{"name":"series","type":3,"value":"oxi","focused":true}]""", id: "300000000000000015", type: 4);
            Assert.Equal(8, auto.GetProperty("type").GetInt32());
            var choices = auto.GetProperty("data").GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
            Assert.Contains("tb-oxide", choices);
            Assert.Contains("dy-oxide", choices);
            Assert.InRange(choices.Count, 1, 25);

            var feeds = await AskAsync(fake, "feeds", id: "300000000000000016");
            Assert.Equal(4, feeds.GetProperty("type").GetInt32());
            var trade = await AskAsync(fake, "trade", """[{"name":"months","type":4,"value":6}]""", id: "300000000000000017");
            Assert.Contains("No trade data", trade.GetRawText(), StringComparison.Ordinal);
            var news = await AskAsync(fake, "news", """[{"name":"limit","type":4,"value":21}]""", id: "300000000000000018");
            Assert.Equal(64, news.GetProperty("data").GetProperty("flags").GetInt32() & 64);
        }
        finally
        {
            await host.StopAsync();
        }
        Assert.DoesNotContain(fake.Requests, r => r.Body.Contains(FakeDiscordServer.DefaultToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminCommands_NonAdminRefusedAdminAllowed_TestAlertDeliveredOnceAfterDiscordRecovers()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartWorkerAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            var refused = await AskAsync(fake, "alerts", """[{"name":"test","type":1,"options":[]}]""", id: "300000000000000021", permissions: "0");
            Assert.Equal(64, refused.GetProperty("data").GetProperty("flags").GetInt32() & 64);
            Assert.Contains("Manage Server", refused.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
            Assert.Empty(await host.Services.GetRequiredService<IAlertStore>().ListAsync(new AlertListQuery(), CancellationToken.None));

            var configRefused = await AskAsync(fake, "config", """[{"name":"show","type":1,"options":[]}]""", id: "300000000000000022", permissions: "0");
            Assert.Contains("Manage Server", configRefused.GetRawText(), StringComparison.Ordinal);

            var config = await AskAsync(fake, "config", """[{"name":"show","type":1,"options":[{"name":"section","type":3,"value":"Discord"}]}]""", id: "300000000000000023", permissions: "32");
            var configText = config.GetRawText();
            Assert.Contains("Discord:ApiBaseUrl", configText, StringComparison.Ordinal);
            Assert.Contains("hidden", configText, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeDiscordServer.DefaultToken, configText, StringComparison.Ordinal);

            // Discord's channel route fails three times, then accepts: delivered exactly once.
            fake.FailNext("POST", $"/channels/{AlertChannel}/messages", 3, status: 502);
            var queued = await AskAsync(fake, "alerts", """[{"name":"test","type":1,"options":[]}]""", id: "300000000000000024", permissions: "8");
            Assert.Contains("queued", queued.GetRawText(), StringComparison.Ordinal);

            var posted = await fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{AlertChannel}/messages", StringComparison.Ordinal) && r.IsSuccess, Wait);
            var message = JsonNode.Parse(posted.Json)!;
            Assert.Contains("Test alert", message["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(message["allowed_mentions"]!["parse"]!.AsArray());
            Assert.NotNull(message["nonce"]);
            await Task.Delay(500);
            Assert.Single(fake.RequestsTo("POST", $"/channels/{AlertChannel}/messages"), r => r.IsSuccess);
            Assert.Equal(0, await host.Services.GetRequiredService<IOutbox>().CountPendingAsync(CancellationToken.None));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Run_GatewayClosesWith4004_ExitsNonZeroWithOneLineAndNoToken()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        using var dir = new TempDirectory();
        WriteConfig(dir, fake);

        var run = CliRunner.RunAsync(dir, null, "run");
        await fake.WaitForConnectionAsync(1, Wait);
        await FakeDiscordServer.WaitUntilAsync(() => fake.Current?.ReceivedOp(2).Count > 0, Wait);
        await fake.CloseGatewayAsync(4004, "Authentication failed.");
        var result = await run.WaitAsync(Wait);

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("4004", line, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscordServer.DefaultToken, result.Error + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DiscordUnreachableAtFirst_StaysHealthyThenConnectsAndRegisters()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.FailNext("GET", "/gateway/bot", 4, status: 503);
        fake.FailNext("PUT", "/commands", 2, status: 502);
        using var dir = new TempDirectory();
        WriteConfig(dir, fake);
        using var host = Build(dir);
        await host.StartAsync();
        try
        {
            // Meanwhile the worker answers from SQLite as usual.
            var status = await host.Services.GetRequiredService<MonitorBot.Application.Queries.StatusService>().GetAsync(CancellationToken.None);
            Assert.NotNull(status);

            await fake.WaitForConnectionAsync(1, TimeSpan.FromSeconds(30));
            await FakeDiscordServer.WaitUntilAsync(() => fake.Current?.ReceivedOp(2).Count > 0, Wait);
            await fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal) && r.IsSuccess, TimeSpan.FromSeconds(30));
            Assert.True(fake.RequestsTo("GET", "/gateway/bot").Count >= 5);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
