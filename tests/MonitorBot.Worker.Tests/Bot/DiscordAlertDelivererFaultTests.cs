using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Bot;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>Issue 10 point 9: a 2xx to a nonce-carrying post counts as delivered even when its body cannot be read.</summary>
public sealed class DiscordAlertDelivererFaultTests
{
    private const string Channel = "600000000000000001";

    private static ServiceProvider Build(FakeDiscordServer fake)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = FakeDiscordServer.DefaultToken,
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:RestRetryBaseDelay"] = "00:00:00.010",
        }).Build();
        return new ServiceCollection().AddMonitorBotDiscord(configuration).BuildServiceProvider();
    }

    private static OutboxMessage Message(NotifyKind kind) => new(
        42, 7, "fp", kind, AlertRouter.DiscordDestination(Channel), null, "price", AlertSeverity.Warning, "Dy price jump", "up 12 %", "test",
        TimeProvider.System.GetUtcNow(), 0, TimeProvider.System.GetUtcNow(), null, null, null);

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("<html>ok</html>")]
    public async Task DeliverAsync_2xxWithUnreadableBody_CountsAsDeliveredWithoutRepost(string body)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = Build(fake);
        fake.RespondNext("POST", "/messages", 1, 200, body);
        var deliverer = new DiscordAlertDeliverer(sp.GetRequiredService<DiscordRestClient>());

        var externalId = await deliverer.DeliverAsync(Message(NotifyKind.Fired), null, CancellationToken.None);

        Assert.Null(externalId);
        var post = Assert.Single(fake.RequestsTo("POST", "/messages"));
        Assert.Contains("\"enforce_nonce\":true", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_ResolvedEditAnswered2xxUnreadable_KeepsTheOriginalId()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = Build(fake);
        fake.RespondNext("PATCH", "/messages/", 1, 200, "");
        var deliverer = new DiscordAlertDeliverer(sp.GetRequiredService<DiscordRestClient>());

        var externalId = await deliverer.DeliverAsync(Message(NotifyKind.Resolved), "900000000000000001", CancellationToken.None);

        Assert.Equal("900000000000000001", externalId);
        Assert.Empty(fake.RequestsTo("POST", "/messages"));
    }
}
