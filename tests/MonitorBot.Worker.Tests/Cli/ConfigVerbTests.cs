using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Cli;

public sealed class ConfigVerbTests
{
    [Fact]
    public async Task ConfigShow_SectionPath_OnlyThatSubtree()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Detection"] = new System.Text.Json.Nodes.JsonObject
        {
            ["Trade"] = new System.Text.Json.Nodes.JsonObject { ["YoYDeclineWarningPct"] = 50 },
            ["News"] = new System.Text.Json.Nodes.JsonObject { ["BurstMinCount"] = 5 },
        });
        await CliSafetyTests.CreateDatabaseAsync(TestConfig.DatabasePath(dir));

        var run = await CliRunner.RunAsync(dir, null, "config", "show", "Detection:Trade");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("Detection:Trade:", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Detection:Trade:YoYDeclineWarningPct", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigShow_UnknownPath_ExitsTwo()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        await CliSafetyTests.CreateDatabaseAsync(TestConfig.DatabasePath(dir));

        var run = await CliRunner.RunAsync(dir, null, "config", "show", "Detection:Nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such section or key 'Detection:Nope'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigSet_UnknownSource_SaysNoSuchSource()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [TestConfig.Source("kng", "rss", "https://example.org/feed")]);

        var run = await CliRunner.RunAsync(dir, null, "config", "set", "Feeds:Sources:nosuch:Interval", "00:20:00");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such source 'nosuch' (configured: kng)", run.Error, StringComparison.Ordinal);
    }
}
