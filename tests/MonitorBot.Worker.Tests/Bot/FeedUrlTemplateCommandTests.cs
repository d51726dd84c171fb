using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Worker.Tests.Support;
using static MonitorBot.Worker.Tests.Bot.BotEndToEndTests;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>Issue 9: a URL with a date token added from Discord is stored as written and fetched expanded.</summary>
public sealed class FeedUrlTemplateCommandTests
{
    private static string Str(string name, string value) => JsonSerializer.Serialize(new { name, type = 3, value });

    private static string Sub(string name, string options) => $$"""[{"name":"{{name}}","type":1,"options":{{options}}}]""";

    [Fact]
    public async Task FeedAddThenTest_UrlWithDateToken_StoredAsWrittenAndFetchedExpanded()
    {
        var received = new ConcurrentQueue<string>();
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var outlet = await LocalServer.StartAsync(app => app.MapGet("/comtrade", (HttpContext http) =>
        {
            received.Enqueue(http.Request.Path + http.Request.QueryString);
            return Results.Text(Fixtures.Rss, "application/rss+xml");
        }));
        var (host, dir) = await StartWorkerAsync(fake, root =>
        {
            root["Feeds"]!["AllowPrivateAddresses"] = true;
            root["Feeds"]!["Enabled"] = false;
        });
        using var _ = dir;
        using var __ = host;
        try
        {
            var url = outlet.Url("/comtrade?period={yyyymm-1}");
            var time = host.Services.GetRequiredService<TimeProvider>();
            var before = PreviousMonth(time);
            var added = await AskAsync(fake, "feed", Sub("add", $"[{Str("id", "comtrade-mm")},{Str("kind", "rss")},{Str("url", url)}]"), "320000000000000001", permissions: "32");
            var tested = await AskAsync(fake, "feed", Sub("test", $"[{Str("id", "comtrade-mm")}]"), "320000000000000002", permissions: "32");
            var after = PreviousMonth(time);

            Assert.Contains("Feed comtrade-mm added", added.GetProperty("data").GetRawText(), StringComparison.Ordinal);
            Assert.Contains("Feed comtrade-mm: ok", tested.GetProperty("data").GetRawText(), StringComparison.Ordinal);
            var overrides = await host.Services.GetRequiredService<AdminConfigRepository>().GetOverridesAsync(CancellationToken.None);
            Assert.Equal(url, overrides.Single(o => o.Key.EndsWith(":comtrade-mm:Url", StringComparison.OrdinalIgnoreCase)).Value);
            Assert.Equal(url, host.Services.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue.Sources.Single(s => s.Id == "comtrade-mm").Url);
            Assert.Equal(2, received.Count); // the test fetch of /feed add, then /feed test
            Assert.All(received, r => Assert.True(r == $"/comtrade?period={before}" || r == $"/comtrade?period={after}", r));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string PreviousMonth(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1).ToString("yyyyMM", CultureInfo.InvariantCulture);
    }
}
