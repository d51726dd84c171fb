using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Feeds;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Configuration;

public sealed class ConfigValidatorTests
{
    /// <summary>The Feeds project's validator as the host registers it (kinds from the registered parsers).</summary>
    private static readonly FeedsOptionsValidator Feeds = new ServiceCollection().AddMonitorBotFeeds(new ConfigurationBuilder().Build())
        .BuildServiceProvider().GetRequiredService<FeedsOptionsValidator>();

    /// <summary>Feeds' own checks plus the host's cron check, as start-up runs them.</summary>
    private static IReadOnlyList<string> SourceProblems(FeedSourceOptions s, string key) =>
        [.. Feeds.SourceProblems(s, key), .. ConfigValidator.CronProblems(new FeedsOptions { Sources = [s] })];

    private static FeedSourceOptions Valid() => new() { Id = "kng", Kind = "rss", Url = "https://kachinnews.com/feed/", Interval = TimeSpan.FromMinutes(30) };

    [Fact]
    public void ValidateSource_ValidSource_NoProblems()
    {
        Assert.Empty(SourceProblems(Valid(), "Feeds:Sources:0"));
    }

    [Theory]
    [InlineData("id", "", "Feeds:Sources:0:Id is required")]
    [InlineData("id", "Bad Id!", "must be 1-64 characters")]
    [InlineData("kind", "", "Kind is required")]
    [InlineData("kind", "podcast", "Kind 'podcast' is not known")]
    [InlineData("url", "", "Url is required")]
    [InlineData("url", "ftp://example.org/feed", "scheme 'ftp' is not supported")]
    [InlineData("interval", "", "a schedule is required")]
    [InlineData("interval", "00:00:01", "Interval must be between 00:00:10 and 31.00:00:00")]
    [InlineData("cron", "not a cron", "is not a valid Quartz cron expression")]
    [InlineData("both", "0 0 6 * * ?", "either Interval or Cron, not both")]
    [InlineData("scale", "-1", "Scale must be a positive number")]
    [InlineData("header", "Bad Header", "is not a valid header name")]
    public void ValidateSource_BadValue_NamesKeyAndProblem(string field, string value, string expected)
    {
        var s = Valid();
        switch (field)
        {
            case "id": s.Id = value; break;
            case "kind": s.Kind = value; break;
            case "url": s.Url = value; break;
            case "interval": s.Interval = value.Length == 0 ? null : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "cron": s.Interval = null; s.Cron = value; break;
            case "both": s.Cron = value; break;
            case "scale": s.Scale = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "header": s.Headers[value] = "x"; break;
        }
        var problems = SourceProblems(s, "Feeds:Sources:0");
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("csv", "Series is required for kind 'csv'")]
    [InlineData("json-price", "Series is required for kind 'json-price'")]
    [InlineData("gdelt", "Query is required for kind 'gdelt'")]
    public void ValidateSource_KindSpecificMappingMissing_Reported(string kind, string expected)
    {
        var s = Valid();
        s.Kind = kind;
        Assert.Contains(SourceProblems(s, "k"), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateFeeds_SeveralProblems_ReportsEveryOne()
    {
        var options = new FeedsOptions
        {
            DegradedAfterFailures = 5,
            DisabledAfterFailures = 5,
            Sources = [Valid(), Valid(), new FeedSourceOptions { Id = "x", Kind = "nope", Url = "", Interval = TimeSpan.FromHours(1) }],
        };
        var problems = Feeds.Problems(options);
        Assert.Contains(problems, p => p.StartsWith("Feeds:DisabledAfterFailures", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Feeds:Sources:1:Id", StringComparison.Ordinal) && p.Contains("more than one source", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Feeds:Sources:2:Kind", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Feeds:Sources:2:Url", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public async Task Status_InvalidConfigFile_ExitsTwoListingEveryProblem()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(
            TestConfig.Source("ok", "rss", "https://example.org/feed"),
            TestConfig.Source("ok", "weird", "gopher://x"),
            TestConfig.Source("third", "csv", "prices.csv", "00:00:01")),
            root => root["Feeds"]!["Timeout"] = "00:00:00");

        var run = await CliRunner.RunAsync(dir, null, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("invalid configuration", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Timeout", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:1:Id: 'ok' is used by more than one source", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:1:Kind 'weird' is not known", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:1:Url scheme 'gopher'", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:2:Interval must be between 00:00:10", run.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:2:Series is required", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(TestConfig.DatabasePath(dir)), "nothing is written when the config is invalid");
    }

    /// <summary>
    /// Issue 11: every problem in every section, in one run, the same set whichever verb is run, one line each, no stack
    /// trace; a value of the wrong type does not hide the other problems of its section.
    /// </summary>
    [Fact]
    public async Task EveryVerb_ProblemsInEverySection_SameCompleteSetExitTwo()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("ok", "rss", "https://example.org/feed")), root =>
        {
            root["Feeds"]!["Timeout"] = "00:00:00";
            root["Feeds"]!["MaxRetries"] = "many";
            root["Storage"]!["BusyTimeout"] = "-00:00:01";
            root["Detection"] = new JsonObject { ["Trade"] = new JsonObject { ["YoYDeclineWarningPct"] = -5 } };
            root["Alerts"] = new JsonObject { ["SweepInterval"] = "soon", ["DispatchInterval"] = "00:00:00" };
            root["Discord"]!["AlertChannelId"] = "not-a-channel";
        });
        string[][] verbs = [["status"], ["feeds"], ["health"], ["config", "show"], ["alerts", "list"], ["news"], ["trade"], ["price", "show", "tb-oxide"], ["run"]];

        var sets = new List<string[]>();
        foreach (var verb in verbs)
        {
            var run = await CliRunner.RunAsync(dir, null, verb);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', verb)}: exit {run.ExitCode}\n{run.Error}");
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
            sets.Add(run.Error.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
        }

        foreach (var key in new[] { "Feeds:Timeout", "Feeds:MaxRetries", "Storage:BusyTimeout", "Detection:Trade:YoYDeclineWarningPct", "Alerts:SweepInterval", "Alerts:DispatchInterval", "Discord:AlertChannelId" })
            Assert.Contains(sets[0], p => p.Contains(key, StringComparison.Ordinal));
        for (var i = 1; i < verbs.Length; i++)
            Assert.True(sets[0].SequenceEqual(sets[i]), $"{string.Join(' ', verbs[i])} reported another set:\n{string.Join('\n', sets[i])}\nvs status:\n{string.Join('\n', sets[0])}");
        Assert.False(File.Exists(TestConfig.DatabasePath(dir)), "nothing is written when the config is invalid");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", false)]
    [InlineData("Debug", true)]
    [InlineData("Trace", true)]
    public async Task Status_InvalidConfig_FullExceptionOnlyAtDebug(string? level, bool expected)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Feeds"]!["Timeout"] = "00:00:00");
        var environment = new Dictionary<string, string>();
        if (level is not null) environment["MONITORBOT_Logging__LogLevel__Default"] = level;

        var run = await CliRunner.RunAsync(dir, null, environment, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Feeds:Timeout", run.Error, StringComparison.Ordinal);
        Assert.Equal(expected, run.Error.Contains("dbug: ", StringComparison.Ordinal));
        Assert.Equal(expected, run.Error.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_InvalidConfigFile_ExitsTwoBeforeStarting()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("bad id", "rss", "https://example.org/feed")));

        var run = await CliRunner.RunAsync(dir, null, "run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Feeds:Sources:0:Id 'bad id'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnbindableValue_ExitsTwoWithClearMessage()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Feeds"]!["MaxRetries"] = "many");

        var run = await CliRunner.RunAsync(dir, null, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Feeds:MaxRetries", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SourceWithUnconvertibleValue_ReportedNotSilentlyDropped()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(
            TestConfig.Source("ok", "rss", "https://example.org/feed"),
            TestConfig.Source("late", "rss", "https://example.org/other", "soon")));

        var run = await CliRunner.RunAsync(dir, null, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Feeds:Sources:1:Interval", run.Error, StringComparison.Ordinal);
    }
}
