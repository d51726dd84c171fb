using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Application.Evaluation;
using MonitorBot.Application.Ingest;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Jobs;
using MonitorBot.Worker.Tests.Support;
using static MonitorBot.Worker.Tests.Bot.BotEndToEndTests;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>Issue 5: every admin command as an admin and as a non-admin, against the real worker and a fake Discord.</summary>
public sealed class AdminCommandsTests
{
    private const string Admin = "32";     // Manage Server
    private const string NotAdmin = "2048"; // Send Messages only
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static int _ids = 1000;

    private static string NextId() => "3000000000000" + Interlocked.Increment(ref _ids).ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Sub(string name, string options = "[]") => $$"""[{"name":"{{name}}","type":1,"options":{{options}}}]""";

    private static string Str(string name, string value) => JsonSerializer.Serialize(new { name, type = 3, value });

    private static Task<(IHost Host, TempDirectory Dir)> StartAsync(FakeDiscordServer fake, bool allowPrivate = true, bool feedsEnabled = false) =>
        StartWorkerAsync(fake, root =>
        {
            root["Feeds"]!["AllowPrivateAddresses"] = allowPrivate;
            root["Feeds"]!["Enabled"] = feedsEnabled;
        });

    private static string Text(JsonElement response) => response.GetProperty("data").GetRawText();

    private static bool IsEphemeral(JsonElement response) => (response.GetProperty("data").GetProperty("flags").GetInt32() & 64) == 64;

    public static TheoryData<string, string> AdminCommands() => new()
    {
        { "feed", Sub("add", $"[{Str("id", "x")},{Str("kind", "rss")},{Str("url", "https://example.org/feed")}]") },
        { "feed", Sub("pause", $"[{Str("id", "x")}]") },
        { "feed", Sub("remove", $"[{Str("id", "x")}]") },
        { "feed", Sub("test", $"[{Str("id", "x")}]") },
        { "subscribe", $$"""[{"name":"channel","type":7,"value":"600000000000000002"},{{Str("topics", "price")}}]""" },
        { "unsubscribe", """[{"name":"channel","type":7,"value":"600000000000000002"}]""" },
        { "config", Sub("show") },
        { "config", Sub("set", $"[{Str("key", "Detection:News:BurstMinCount")},{Str("value", "3")}]") },
        { "config", Sub("export") },
        { "config", Sub("history") },
        { "alerts", Sub("list") },
        { "alerts", Sub("test") },
    };

    [Theory]
    [MemberData(nameof(AdminCommands))]
    public async Task AdminCommand_NotAnAdmin_RefusedEphemerallyAndNothingChanges(string command, string options)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            var reply = await AskAsync(fake, command, options, NextId(), permissions: NotAdmin);

            Assert.True(IsEphemeral(reply));
            Assert.Contains("Manage Server", Text(reply), StringComparison.Ordinal);
            Assert.Contains("Nothing was changed", Text(reply), StringComparison.Ordinal);
            Assert.Empty(await host.Services.GetRequiredService<AdminConfigRepository>().GetOverridesAsync(CancellationToken.None));
            Assert.Empty(await host.Services.GetRequiredService<ConfigAuditRepository>().ListAsync(null, 10, CancellationToken.None));
            Assert.Empty(await host.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None));
            Assert.Empty(await host.Services.GetRequiredService<IAlertStore>().ListAsync(new AlertListQuery(), CancellationToken.None));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AlertsList_AsAdmin_FlagsFromTheSharedQueryWithoutRuleMuteMarkers()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            var quotes = host.Services.GetRequiredService<ManualQuotes>();
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var first = await quotes.AddAsync(new ManualQuote("tb-oxide", now.AddDays(-8), 6000, null, null, "test", NewSeries: false), CancellationToken.None);
            Assert.Empty(first.Problems);
            var raised = await quotes.AddAsync(new ManualQuote("tb-oxide", now.AddDays(-1), 9000, null, null, "test", NewSeries: false), CancellationToken.None);
            Assert.Empty(raised.Problems);
            Assert.NotEmpty(raised.Alerts);
            var admin = host.Services.GetRequiredService<AlertAdmin>();
            var alert = Assert.Single(await host.Services.GetRequiredService<IAlertStore>().ListAsync(new AlertListQuery(), CancellationToken.None));
            await admin.AckAsync(alert.Id, "tester", CancellationToken.None);
            await admin.MuteAsync(alert.State.Rule, TimeSpan.FromHours(2), "tester", "known move", CancellationToken.None); // stores the rule-wide marker

            var list = Text(await AskAsync(fake, "alerts", Sub("list", $"[{Str("status", "all")}]"), NextId(), permissions: Admin));
            var wrong = Text(await AskAsync(fake, "alerts", Sub("list", $"[{Str("status", "nope")}]"), NextId(), permissions: Admin));

            Assert.Contains($"#{alert.Id} [Critical]", list, StringComparison.Ordinal);
            Assert.Contains("firing, acked by tester, muted until", list, StringComparison.Ordinal);
            Assert.DoesNotContain(":*", list, StringComparison.Ordinal);
            Assert.Contains("must be one of active, firing, pending, resolved, all", wrong, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Feed_AddPauseResumeTestRemove_AsAdmin_ChangesWhatIsPolledAndAudits()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var outlet = await LocalServer.StartAsync(app => app.MapGet("/feed.xml", () => Results.Text(Fixtures.Rss, "application/rss+xml")));
        var (host, dir) = await StartAsync(fake, feedsEnabled: true);
        using var _ = dir;
        using var __ = host;
        try
        {
            var feeds = host.Services.GetRequiredService<IOptionsMonitor<FeedsOptions>>();
            var added = await AskAsync(fake, "feed", Sub("add", $"[{Str("id", "outlet")},{Str("kind", "rss")},{Str("url", outlet.Url("/feed.xml"))},{Str("schedule", "45m")}]"), NextId(), permissions: Admin);
            Assert.Contains("Feed outlet added", Text(added), StringComparison.Ordinal);
            Assert.Contains("Parsed as **rss**: 2 items", Text(added), StringComparison.Ordinal);
            var source = feeds.CurrentValue.Sources.Single(s => s.Id == "outlet");
            Assert.Equal(TimeSpan.FromMinutes(45), source.Interval);
            Assert.True(source.PublicOnly);
            await FakeDiscordServer.WaitUntilAsync(() => host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources.Contains("outlet"), Wait);

            var duplicate = await AskAsync(fake, "feed", Sub("add", $"[{Str("id", "outlet")},{Str("kind", "rss")},{Str("url", outlet.Url("/feed.xml"))}]"), NextId(), permissions: Admin);
            Assert.Contains("already exists", Text(duplicate), StringComparison.Ordinal);

            var paused = await AskAsync(fake, "feed", Sub("pause", $"[{Str("id", "outlet")}]"), NextId(), permissions: Admin);
            Assert.Contains("outlet paused", Text(paused), StringComparison.Ordinal);
            var state = await host.Services.GetRequiredService<IFeedStateStore>().GetAsync("outlet", CancellationToken.None);
            Assert.Equal(FeedStatus.Disabled, state!.Status);
            Assert.StartsWith("paused by tester", state.StatusReason, StringComparison.Ordinal);

            var resumed = await AskAsync(fake, "feed", Sub("resume", $"[{Str("id", "outlet")}]"), NextId(), permissions: Admin);
            Assert.Contains("outlet resumed", Text(resumed), StringComparison.Ordinal);
            Assert.NotEqual(FeedStatus.Disabled, (await host.Services.GetRequiredService<IFeedStateStore>().GetAsync("outlet", CancellationToken.None))!.Status);

            var tested = await AskAsync(fake, "feed", Sub("test", $"[{Str("id", "outlet")}]"), NextId(), permissions: Admin);
            Assert.Contains("Feed outlet: ok", Text(tested), StringComparison.Ordinal);

            var removed = await AskAsync(fake, "feed", Sub("remove", $"[{Str("id", "outlet")}]"), NextId(), permissions: Admin);
            Assert.Contains("outlet removed", Text(removed), StringComparison.Ordinal);
            Assert.DoesNotContain(feeds.CurrentValue.Sources, s => s.Id == "outlet");
            await FakeDiscordServer.WaitUntilAsync(() => !host.Services.GetRequiredService<FeedScheduleService>().ScheduledSources.Contains("outlet"), Wait);

            var history = await host.Services.GetRequiredService<ConfigAuditRepository>().ListAsync(null, 50, CancellationToken.None);
            Assert.Contains(history, h => h.Key.StartsWith("Feeds:AdminSources:outlet:Url", StringComparison.Ordinal) && h.NewValue is not null && h.Who.StartsWith("tester", StringComparison.Ordinal));
            Assert.Contains(history, h => h.Key == "Feeds:Sources:outlet:State" && h.NewValue == "Disabled");
            Assert.Contains(history, h => h.Key.StartsWith("Feeds:AdminSources:outlet:Url", StringComparison.Ordinal) && h.NewValue is null);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("outlet", "rss", "LOCAL", "", "loopback")]            // the SSRF guard
    [InlineData("outlet", "rss", "http://169.254.169.254/latest/meta-data/", "", "link-local")]
    [InlineData("outlet", "rss", "ftp://example.org/feed", "", "http")]
    [InlineData("Bad Id", "rss", "https://example.org/feed", "", "must be 1-64 characters")]
    [InlineData("outlet", "podcast", "https://example.org/feed", "", "is not one of")]
    [InlineData("outlet", "rss", "https://example.org/feed", "every tuesday", "neither an interval")]
    [InlineData("outlet", "rss", "https://example.org/feed", "10s", "neither an interval")]
    public async Task FeedAdd_BadInputOrPrivateAddress_RefusedAndNothingSaved(string id, string kind, string url, string schedule, string expected)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var outlet = await LocalServer.StartAsync(app => app.MapGet("/feed.xml", () => Results.Text(Fixtures.Rss, "application/rss+xml")));
        var (host, dir) = await StartAsync(fake, allowPrivate: false);
        using var _ = dir;
        using var __ = host;
        try
        {
            var options = $"[{Str("id", id)},{Str("kind", kind)},{Str("url", url == "LOCAL" ? outlet.Url("/feed.xml") : url)}" + (schedule.Length > 0 ? $",{Str("schedule", schedule)}]" : "]");
            var reply = await AskAsync(fake, "feed", Sub("add", options), NextId(), permissions: Admin);

            Assert.True(IsEphemeral(reply));
            Assert.Contains(expected, Text(reply), StringComparison.Ordinal);
            Assert.Contains("Nothing was changed", Text(reply), StringComparison.Ordinal);
            Assert.Equal(0, outlet.Requests);
            Assert.Empty(await host.Services.GetRequiredService<AdminConfigRepository>().GetOverridesAsync(CancellationToken.None));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task SubscribeUnsubscribe_AsAdmin_RoutesAndValidates()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            const string channel = "600000000000000077";
            var bad = await AskAsync(fake, "subscribe", $$"""[{"name":"channel","type":7,"value":"{{channel}}"},{{Str("topics", "price,gossip")}}]""", NextId(), permissions: Admin);
            Assert.Contains("unknown: gossip", Text(bad), StringComparison.Ordinal);
            Assert.Empty(await host.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None));

            var ok = await AskAsync(fake, "subscribe",
                $$"""[{"name":"channel","type":7,"value":"{{channel}}"},{{Str("topics", "trade, news")}},{{Str("min-severity", "critical")}},{"name":"mention-role","type":8,"value":"700000000000000055"}]""",
                NextId(), permissions: Admin);
            Assert.Contains("Subscribed", Text(ok), StringComparison.Ordinal);
            var sub = Assert.Single(await host.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None));
            Assert.Equal(["news", "trade"], sub.Topics.Order());
            Assert.Equal(AlertSeverity.Critical, sub.MinSeverity);
            Assert.Equal("700000000000000055", sub.MentionRoles[AlertSeverity.Critical]);

            var partial = await AskAsync(fake, "unsubscribe", $$"""[{"name":"channel","type":7,"value":"{{channel}}"},{{Str("topics", "news")}}]""", NextId(), permissions: Admin);
            Assert.Contains("Unsubscribed", Text(partial), StringComparison.Ordinal);
            Assert.Equal(["trade"], Assert.Single(await host.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None)).Topics);
            var all = await AskAsync(fake, "unsubscribe", $$"""[{"name":"channel","type":7,"value":"{{channel}}"}]""", NextId(), permissions: Admin);
            Assert.Contains("Unsubscribed", Text(all), StringComparison.Ordinal);
            Assert.Empty(await host.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None));
            Assert.Contains(await host.Services.GetRequiredService<ConfigAuditRepository>().ListAsync("Subscriptions:", 10, CancellationToken.None), e => e.Who.StartsWith("tester", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Config_SetExportImportHistory_AsAdmin_RoundTripsTheEffectiveConfiguration()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        var (host, dir) = await StartAsync(fake);
        using var _ = dir;
        using var __ = host;
        try
        {
            var detection = host.Services.GetRequiredService<IOptionsMonitor<DetectionOptions>>();
            var set = await AskAsync(fake, "config", Sub("set", $"[{Str("key", "Detection:News:BurstMinCount")},{Str("value", "8")}]"), NextId(), permissions: Admin);
            Assert.Contains("Configuration changed", Text(set), StringComparison.Ordinal);
            Assert.Equal(8, detection.CurrentValue.News.BurstMinCount);

            var invalid = await AskAsync(fake, "config", Sub("set", $"[{Str("key", "Detection:News:BurstMinCount")},{Str("value", "-1")}]"), NextId(), permissions: Admin);
            Assert.Contains("Nothing was changed", Text(invalid), StringComparison.Ordinal);
            Assert.Equal(8, detection.CurrentValue.News.BurstMinCount);

            var token = await AskAsync(fake, "config", Sub("set", $"[{Str("key", "Discord:Token")},{Str("value", "stolen")}]"), NextId(), permissions: Admin);
            Assert.Contains("cannot be changed at run time", Text(token), StringComparison.Ordinal);

            var exportId = NextId();
            await AskAsync(fake, "config", Sub("export"), exportId, permissions: Admin);
            var exportRequest = fake.RequestsTo("POST", $"/interactions/{exportId}/").Concat(fake.RequestsTo("PATCH", $"/tok-{exportId}/")).First(r => r.Files.Count > 0);
            var file = Assert.Single(exportRequest.Files);
            Assert.Equal("monitorbot-config.json", file.FileName);
            var exported = Encoding.UTF8.GetString(file.Content);
            Assert.Contains("\"BurstMinCount\": \"8\"", exported, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeDiscordServer.DefaultToken, exported, StringComparison.Ordinal);

            // Change it again, then import the export: back to 8.
            await AskAsync(fake, "config", Sub("set", $"[{Str("key", "Detection:News:BurstMinCount")},{Str("value", "11")}]"), NextId(), permissions: Admin);
            Assert.Equal(11, detection.CurrentValue.News.BurstMinCount);
            var attachment = fake.AddAttachment("monitorbot-config.json", file.Content);
            var import = await AskAsync(fake, "config", $$"""[{"name":"import","type":1,"options":[{"name":"file","type":11,"value":"{{attachment.Id}}"}]}]""",
                NextId(), permissions: Admin, resolvedJson: FakeDiscordServer.ResolvedAttachmentsJson(attachment));
            Assert.Contains("Configuration imported", Text(import), StringComparison.Ordinal);
            Assert.Equal(8, detection.CurrentValue.News.BurstMinCount);

            var history = await AskAsync(fake, "config", Sub("history", $"[{Str("key", "Detection:News")}]"), NextId(), permissions: Admin);
            var historyText = Text(history);
            Assert.Contains("discord", historyText, StringComparison.Ordinal);
            Assert.Contains("import", historyText, StringComparison.Ordinal);
            Assert.Contains("11", historyText, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
