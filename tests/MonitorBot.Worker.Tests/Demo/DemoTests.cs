using System.Text.Json.Nodes;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Demo;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_Json_ReplaysTheBundledHistoryWithTheDomainFigures()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var db = dir.File("demo.db");

        var run = await CliRunner.RunAsync(dir, null, "demo", "--db", db, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var report = JsonNode.Parse(run.Out)!;
        Assert.Equal(0, report["failedPolls"]!.GetValue<int>());
        Assert.Equal(40, report["newsItems"]!.GetValue<int>());
        Assert.True(report["prices"]!.GetValue<int>() >= 80);
        Assert.True(report["elapsedSeconds"]!.GetValue<double>() < 60);

        var highlights = report["highlights"]!.AsArray();
        var tb = highlights.Single(h => h!["series"]!.GetValue<string>() == "tb-oxide")!;
        Assert.Equal(6550, tb["to"]!.GetValue<double>());
        Assert.Equal(21.9, tb["changePct"]!.GetValue<double>());
        var dy = highlights.Single(h => h!["series"]!.GetValue<string>() == "dy-oxide")!;
        Assert.Equal(1665, dy["to"]!.GetValue<double>());
        Assert.Equal(-3.2, dy["changePct"]!.GetValue<double>());
        var trade = highlights.Single(h => h!["series"]!.GetValue<string>() == "cn-mm-imports")!;
        Assert.Equal(311, trade["to"]!.GetValue<double>(), 3);
        Assert.Equal(-89.0, trade["changePct"]!.GetValue<double>());

        var status = report["status"]!;
        var february = status["trade"]!.AsArray().Single(t => t!["period"]!.GetValue<string>() == "202502")!;
        Assert.Equal(-89.0, february["yoYPct"]!.GetValue<double>(), 1);
        Assert.Contains(status["prices"]!.AsArray(), p => p!["seriesId"]!.GetValue<string>() == "tb-oxide");
        Assert.All(status["feeds"]!.AsArray(), f => Assert.Equal("ok", f!["status"]!.GetValue<string>()));
        Assert.True(File.Exists(db));
    }

    [Fact]
    public async Task Demo_IntoTheConfiguredDatabase_Refused()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "demo", "--db", TestConfig.DatabasePath(dir));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("refusing", run.Error, StringComparison.Ordinal);
    }
}
