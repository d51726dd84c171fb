using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using static MonitorBot.Worker.Tests.Bot.BotEndToEndTests;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>Alert messages on Discord: buttons, mentions, and the resolution editing the original message.</summary>
public sealed class AlertMessagesTests
{
    private const string AlertChannel = "600000000000000009";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task FiredThenResolved_PostsWithButtonsThenEditsTheOriginal_AckButtonWorksForAdminsOnly()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartWorkerAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            var engine = host.Services.GetRequiredService<AlertEngine>();
            var at = new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero);
            Signal Trade(AlertSeverity? severity) => new("trade-collapse:cn-mm-imports", "trade-collapse", AlertTopics.Trade, severity, 1,
                "China imports from Myanmar collapse: 311 t in 2025-02 (-89.0% y/y)", "311 t vs 2,830 t a year earlier", "comtrade-cn-mm", at, "cn-mm-imports", null);

            await engine.ApplyAsync([Trade(AlertSeverity.Critical)], at, CancellationToken.None);
            var posted = await fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{AlertChannel}/messages", StringComparison.Ordinal) && r.IsSuccess, Wait);
            var message = JsonNode.Parse(posted.Json)!;
            Assert.Contains("CRITICAL", message["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
            var buttons = message["components"]![0]!["components"]!.AsArray();
            Assert.Equal(["Ack", "Mute 24 h"], buttons.Select(b => b!["label"]!.GetValue<string>()));
            var alert = Assert.Single(await host.Services.GetRequiredService<IAlertStore>().ListActiveAsync(CancellationToken.None));
            Assert.Equal($"alert:ack:{alert.Id}", buttons[0]!["custom_id"]!.GetValue<string>());
            var outbox = host.Services.GetRequiredService<IOutbox>();
            for (var i = 0; i < 150 && await outbox.CountPendingAsync(CancellationToken.None) > 0; i++) await Task.Delay(100);
            Assert.Equal(0, await outbox.CountPendingAsync(CancellationToken.None));

            // A non-admin presses Ack: refused; an admin: acknowledged.
            await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson("", type: 3, id: "300000000000000901", token: "tok-901", permissions: "0", customId: $"alert:ack:{alert.Id}"));
            var refused = await fake.WaitForRequestAsync(r => r.Path.Contains("/interactions/300000000000000901/", StringComparison.Ordinal), Wait);
            Assert.Contains("Manage Server", refused.Json, StringComparison.Ordinal);
            Assert.Null((await host.Services.GetRequiredService<IAlertStore>().GetByIdAsync(alert.Id, CancellationToken.None))!.State.AckedBy);
            await fake.InjectInteractionAsync(FakeDiscordServer.InteractionJson("", type: 3, id: "300000000000000902", token: "tok-902", permissions: "8", customId: $"alert:ack:{alert.Id}"));
            var acked = await fake.WaitForRequestAsync(r => r.Path.Contains("/interactions/300000000000000902/", StringComparison.Ordinal), Wait);
            Assert.Contains("acknowledged", acked.Json, StringComparison.Ordinal);
            Assert.StartsWith("tester", (await host.Services.GetRequiredService<IAlertStore>().GetByIdAsync(alert.Id, CancellationToken.None))!.State.AckedBy, StringComparison.Ordinal);

            // The condition clears: the original message is edited to show it resolved, its buttons removed.
            await engine.ApplyAsync([Trade(null)], at.AddDays(30), CancellationToken.None);
            var sent = JsonNode.Parse(fake.RequestsTo("POST", $"/channels/{AlertChannel}/messages").Single(r => r.IsSuccess).Body);
            var edit = await fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains($"/channels/{AlertChannel}/messages/", StringComparison.Ordinal), Wait);
            var edited = JsonNode.Parse(edit.Json)!;
            Assert.StartsWith("✅ Resolved", edited["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(edited["components"]!.AsArray());
            Assert.Single(fake.RequestsTo("POST", $"/channels/{AlertChannel}/messages"), r => r.IsSuccess);
            Assert.NotNull(sent);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
