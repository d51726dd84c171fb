using Microsoft.Extensions.Options;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;

namespace MonitorBot.Worker.Tests.Alerts;

public sealed class AlertRouterTests
{
    private static readonly DateTimeOffset At = new(2025, 5, 13, 0, 0, 0, TimeSpan.Zero);

    private sealed class Monitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private static AlertRouter Router(string? token, string? alertChannel = "100", string? adminChannel = null) =>
        new(new MonitorBot.Worker.Bot.DiscordAlertChannels(new Monitor<DiscordOptions>(new DiscordOptions { Token = token, AlertChannelId = alertChannel })),
            new Monitor<AlertRoutingOptions>(new AlertRoutingOptions { AdminChannelId = adminChannel }));

    private static AlertAction Action(string topic, AlertSeverity severity, NotifyKind kind = NotifyKind.Fired) =>
        new(kind, $"{topic}-rule:x", topic, severity, "title", "reason", At);

    private static AlertSubscription Sub(string channel, AlertSeverity min, params string[] topics) =>
        new(channel, topics, min, new Dictionary<AlertSeverity, string> { [AlertSeverity.Critical] = "999" }, "admin", At);

    [Fact]
    public void Route_NoToken_ConsoleOnly()
    {
        var entries = Router(token: null).Route(Action(AlertTopics.Price, AlertSeverity.Warning), "smm", [Sub("200", AlertSeverity.Info, AlertTopics.Price)]);

        var entry = Assert.Single(entries);
        Assert.Equal(AlertRouter.Console, entry.Destination);
        Assert.Equal("smm", entry.Source);
    }

    [Theory]
    [InlineData(AlertTopics.Price, AlertSeverity.Warning, null, "discord:100")]
    [InlineData(AlertTopics.Trade, AlertSeverity.Critical, null, "discord:100")]
    [InlineData(AlertTopics.News, AlertSeverity.Info, null, "")]                 // below the alert channel's minimum
    [InlineData(AlertTopics.Health, AlertSeverity.Warning, null, "discord:100")] // no admin channel: the alert channel
    [InlineData(AlertTopics.Health, AlertSeverity.Warning, "300", "discord:300")] // admins get health, not the market channel
    public void Route_WithToken_DefaultChannels(string topic, AlertSeverity severity, string? admin, string expected)
    {
        var entries = Router("token", adminChannel: admin).Route(Action(topic, severity), "src", []);

        Assert.Equal(expected, string.Join(",", entries.Select(e => e.Destination)));
    }

    [Fact]
    public void Route_Subscriptions_TopicSeverityAndMentionPerSeverity()
    {
        var subs = new[]
        {
            Sub("200", AlertSeverity.Warning, AlertTopics.News, AlertTopics.Trade),
            Sub("201", AlertSeverity.Critical, AlertTopics.News),
            Sub("202", AlertSeverity.Info, AlertTopics.Price),
            Sub("100", AlertSeverity.Info, AlertTopics.News), // same as the alert channel: one message, not two
        };
        var router = Router("token");

        var warning = router.Route(Action(AlertTopics.News, AlertSeverity.Warning), "src", subs);
        var critical = router.Route(Action(AlertTopics.News, AlertSeverity.Critical), "src", subs);
        var resolved = router.Route(Action(AlertTopics.News, AlertSeverity.Critical, NotifyKind.Resolved), "src", subs);

        Assert.Equal(["discord:100", "discord:200"], warning.Select(e => e.Destination).Order());
        Assert.All(warning, e => Assert.Null(e.MentionRoleId));
        Assert.Equal(["discord:100", "discord:200", "discord:201"], critical.Select(e => e.Destination).Order());
        Assert.All(critical, e => Assert.Equal("999", e.MentionRoleId));
        Assert.All(resolved, e => Assert.Null(e.MentionRoleId));
    }
}
