using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Cli;

public sealed class CliVerbTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PriceAdd_ThenStatusJson_ShowsTheQuoteWithChangeAndSource()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);

        var first = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "5373", "--at", "2024-09-23", "--source", "smm-report");
        var second = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "6550", "--at", "2025-03-24", "--source", "smm-report");
        var status = await CliRunner.RunAsync(dir, time, "status", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Recorded tb-oxide = 6,550 CNY/kg", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        using var doc = JsonDocument.Parse(status.Out);
        var price = doc.RootElement.GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("seriesId").GetString() == "tb-oxide");
        Assert.Equal(6550, price.GetProperty("value").GetDouble());
        Assert.Equal("smm-report", price.GetProperty("source").GetString());
        Assert.Equal(21.9, price.GetProperty("changeVsPreviousPct").GetDouble(), 1);
    }

    [Fact]
    public async Task PriceAdd_SameQuoteTwice_SecondIsUnchanged()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);

        await CliRunner.RunAsync(dir, time, "price", "add", "dy-oxide", "1665", "--at", "2025-03-24");
        var again = await CliRunner.RunAsync(dir, time, "price", "add", "dy-oxide", "1665", "--at", "2025-03-24");

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("Unchanged", again.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-5", "value must be a positive number")]
    [InlineData("abc", "abc")]
    public async Task PriceAdd_BadValue_ExitsTwoAndStoresNothing(string value, string expected)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "add", "tb-oxide", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(TestConfig.DatabasePath(dir)));
    }

    [Fact]
    public async Task PriceAdd_FutureTime_Refused()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "add", "tb-oxide", "6000", "--at", "2030-01-01");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is in the future", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EmptyDatabase_PrintsStatusWithoutData()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        await CliSafetyTests.CreateDatabaseAsync(TestConfig.DatabasePath(dir));

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "status");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Kachin", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedTest_GoodAndBrokenSources_ReportsEachAndExitsOne()
    {
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/feed.xml", () => Results.Text(Fixtures.Rss, "application/rss+xml"));
            app.MapGet("/broken", () => Results.StatusCode(500));
            app.MapGet("/garbage.xml", () => Results.Text("<rss><channel><item><title>unterminated", "application/xml"));
        });
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", server.Url("/feed.xml"), server.Url("/broken"), server.Url("/garbage.xml"), "--json");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(3, lines.Count);
        var good = lines[0];
        Assert.True(good["ok"]!.GetValue<bool>());
        Assert.Equal("rss", good["kind"]!.GetValue<string>());
        var items = good["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var relevant = items.Single(i => i!["title"]!.GetValue<string>().StartsWith("KIA", StringComparison.Ordinal))!;
        Assert.True(relevant["relevance"]!.GetValue<double>() >= 0.35);
        Assert.Contains(relevant["entities"]!.AsArray(), e => e!.GetValue<string>().Contains("Bhamo", StringComparison.Ordinal));
        Assert.Equal("2025-05-12T08:00:00+00:00", relevant["published"]!.GetValue<string>());
        var bakery = items.Single(i => i!["title"]!.GetValue<string>().StartsWith("Local", StringComparison.Ordinal))!;
        Assert.True(bakery["relevance"]!.GetValue<double>() < 0.35);
        Assert.False(lines[1]["ok"]!.GetValue<bool>());
        Assert.Contains("500", lines[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(lines[2]["ok"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(lines[2]["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FeedTest_ConfiguredId_UsesTheSourceMapping()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tb.csv"), "timestamp,value\n2025-03-17,6480\n2025-03-24,6550\n");
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("smm-tb", "csv", dir.File("tb.csv"), tweak: s => { s["Series"] = "tb-oxide"; s["Unit"] = "kg"; })));

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", "smm-tb", "--json");

        Assert.Equal(0, run.ExitCode);
        var result = JsonNode.Parse(run.Out)!;
        var observations = result["observations"]!.AsArray();
        Assert.Equal(2, observations.Count);
        Assert.Equal("tb-oxide", observations[1]!["series"]!.GetValue<string>());
        Assert.Equal(6550, observations[1]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task FeedTest_UnknownKind_ExitsTwo()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", "x.xml", "--kind", "podcast");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown --kind 'podcast'", run.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> SampleFiles() => new()
    {
        { "googlenews.rss", "rss" },
        { "wordpress_rss2_sample.xml", "rss" },
        { "atom_sample.xml", "atom" },
        { "gdelt_artlist.json", "gdelt" },
        { "comtrade_data_v1_get_annual.json", "comtrade" },
        { "comtrade_preview_record_excerpt.json", "comtrade" },
        { "gdelt_timelinevol_excerpt.json", "gdelt" },
        { "yahoo_chart.json", "yahoo" },
        { "yahoo_chart_with_events.json", "yahoo" },
        { "yahoo_chart_ibm_period.json", "yahoo" },
        { "stooq_daily.csv", "csv" },
        { "stooq_quote.csv", "csv" },
    };

    [SkippableTheory]
    [MemberData(nameof(SampleFiles))]
    public async Task FeedTest_SharedSample_ParsesWithDetectedKind(string file, string expectedKind)
    {
        var path = SharedSamples.PathOf(file);
        Skip.If(path is null || !File.Exists(path), "../shared/samples is not present");
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", path!, "--json");

        var result = JsonNode.Parse(run.Out)!;
        Assert.True(result["ok"]!.GetValue<bool>(), result["error"]?.ToString());
        Assert.Equal(0, run.ExitCode);
        var kind = result["kind"]!.GetValue<string>();
        Assert.True(kind == expectedKind || (expectedKind == "atom" && kind == "rss"), $"kind {kind}");
        var total = result["items"]!.AsArray().Count + result["observations"]!.AsArray().Count + result["trade"]!.AsArray().Count;
        Assert.True(total > 0, "something was parsed");
    }

    [SkippableFact]
    public async Task FeedTest_SharedErrorSamples_FailClearly()
    {
        var unknown = SharedSamples.PathOf("stooq_quote_unknown_symbol.csv");
        var gdeltError = SharedSamples.PathOf("gdelt_keyword_error_200.txt");
        Skip.If(unknown is null || gdeltError is null, "../shared/samples is not present");
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, null, "feed", "test", unknown!, "--json");
        var gdelt = await CliRunner.RunAsync(dir, null, "feed", "test", gdeltError!, "--kind", "gdelt", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.False(JsonNode.Parse(run.Out)!["ok"]!.GetValue<bool>());
        Assert.Equal(1, gdelt.ExitCode);
        Assert.Contains("too short", JsonNode.Parse(gdelt.Out)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_ListsConfiguredSourcesWithStatus()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(
            TestConfig.Source("one", "rss", "https://example.org/feed"),
            TestConfig.Source("two", "gdelt", "https://api.gdeltproject.org/api/v2/doc/doc", tweak: s => { s["Query"] = "Kachin"; s["Enabled"] = false; })));

        await CliSafetyTests.CreateDatabaseAsync(TestConfig.DatabasePath(dir));

        var run = await CliRunner.RunAsync(dir, null, "feeds", "--json");

        Assert.Equal(0, run.ExitCode);
        var rows = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["one", "two"], rows.Select(r => r["source"]!.GetValue<string>()));
        Assert.Equal("new", rows[0]["status"]!.GetValue<string>());
        Assert.Equal("off", rows[1]["status"]!.GetValue<string>());
        Assert.Equal("every 00:10:00", rows[0]["schedule"]!.GetValue<string>());
    }
}
