using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MonitorBot.Application.Queries;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Cli;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Cli;

/// <summary>Issue 12 and issue 10 point 8: what `feed test` and `feeds` say about missing ids, skipped rows, currencies and long errors.</summary>
public sealed class FeedTestOutputTests
{
    [Fact]
    public async Task FeedTest_UnknownConfiguredId_SaysNoSourceWithId()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("smm-tb", "csv", "https://example.org/tb.csv", tweak: s => s["Series"] = "tb-oxide")));

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", "smm-dy", "--json");

        Assert.Equal(1, run.ExitCode);
        var result = JsonNode.Parse(run.Out)!;
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal("no source with id 'smm-dy' (configured: smm-tb)", result["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task FeedTest_SkippedRows_AreCountedWithReasons()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tb.csv"), "timestamp,value\n2025-03-17,6480\n2025-03-18,-1\n0001-01-01,6500\n2025-03-24,6550\n");
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("smm-tb", "csv", dir.File("tb.csv"), tweak: s => s["Series"] = "tb-oxide")));

        var json = await CliRunner.RunAsync(dir, null, "feed", "test", "smm-tb", "--json");
        var text = await CliRunner.RunAsync(dir, null, "feed", "test", "smm-tb");

        Assert.Equal(0, json.ExitCode);
        var result = JsonNode.Parse(json.Out)!;
        Assert.Equal(2, result["observations"]!.AsArray().Count);
        Assert.Equal(2, result["skipped"]!.GetValue<int>());
        Assert.Equal(["line 3: price is not positive (-1)", "line 4: date out of range (0001-01-01)"],
            result["skipReasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("2 skipped", text.Out, StringComparison.Ordinal);
        Assert.Contains("- line 3: price is not positive (-1)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedTest_YahooChart_KeepsTheMetaCurrency()
    {
        await using var server = await LocalServer.StartAsync(app => app.MapGet("/chart", () => Results.Text(
            """{"chart":{"result":[{"meta":{"symbol":"LYC.AX","currency":"AUD"},"timestamp":[1742774400],"indicators":{"quote":[{"close":[7.1]}]}}],"error":null}}""",
            "application/json")));
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", server.Url("/chart"), "--kind", "yahoo", "--json");

        Assert.Equal(0, run.ExitCode);
        var observation = JsonNode.Parse(run.Out)!["observations"]!.AsArray().Single()!;
        Assert.Equal("AUD", observation["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task FeedTest_GarbageYahooBody_IsNotOk()
    {
        await using var server = await LocalServer.StartAsync(app => app.MapGet("/chart", () => Results.Text("""{"chart":{}}""", "application/json")));
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", server.Url("/chart"), "--kind", "yahoo", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.False(JsonNode.Parse(run.Out)!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FeedTest_HtmlPage_NamesTheFeedItLinksTo()
    {
        await using var server = await LocalServer.StartAsync(app => app.MapGet("/news", () => Results.Text(
            """<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/news/rss"></head><body>News</body></html>""", "text/html")));
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", server.Url("/news"), "--json");

        var error = JsonNode.Parse(run.Out)!["error"]!.GetValue<string>();
        Assert.Contains("this is an HTML page, not a feed; it links to a feed at " + server.Url("/news/rss"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Feeds_LongLastError_IsShownWholeOnADetailLine()
    {
        var error = "source 'kng': the feed is not well-formed XML (line 1, position 2): " + string.Join(' ', Enumerable.Repeat("detail", 30)) + " END";
        var row = new FeedRow("kng", "rss", true, true, "failing", null, "every 00:10:00", null, null, error, 3, null, 0);

        var text = FeedsVerb.Render([row]);

        Assert.Contains("    last error: " + error, text, StringComparison.Ordinal);
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
    }
}
