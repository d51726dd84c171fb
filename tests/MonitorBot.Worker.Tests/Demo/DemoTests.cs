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

        // Issue 4: what the replay must raise, and must not.
        var alerts = report["alerts"]!.AsArray().Select(a => a!).ToList();
        var tbRise = alerts.Single(a => a["fingerprint"]!.GetValue<string>() == "price-oxide:tb-oxide");
        Assert.Contains(tbRise["severity"]!.GetValue<string>(), new[] { "warning", "critical" });
        var collapse = alerts.Single(a => a["fingerprint"]!.GetValue<string>() == "trade-collapse:cn-mm-imports");
        Assert.Equal("critical", collapse["severity"]!.GetValue<string>());
        Assert.Contains("2025-02", collapse["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var seizure = alerts.Single(a => a["fingerprint"]!.GetValue<string>().Contains("capture-of-mining-belt", StringComparison.Ordinal));
        Assert.Equal("critical", seizure["severity"]!.GetValue<string>());
        Assert.StartsWith("2024-10", seizure["firedAt"]!.GetValue<string>(), StringComparison.Ordinal);
        var ultimatum = alerts.Single(a => a["fingerprint"]!.GetValue<string>() == "news-signal:ultimatum");
        Assert.Equal("critical", ultimatum["severity"]!.GetValue<string>());
        Assert.StartsWith("2025-05", ultimatum["firedAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(alerts, a => a["fingerprint"]!.GetValue<string>().StartsWith("price-oxide:dy-oxide", StringComparison.Ordinal));
        var irrelevant = new[] { "tea shops", "Copper smelter", "Football", "book festival", "Lithium", "foldable", "Rice harvest", "Gold hits", "Cyclone", "entrance exam", "Nickel", "Marathon", "bridge" };
        Assert.DoesNotContain(alerts, a => irrelevant.Any(w => a["title"]!.GetValue<string>().Contains(w, StringComparison.OrdinalIgnoreCase)
            || a["reason"]!.GetValue<string>().Contains(w, StringComparison.OrdinalIgnoreCase)));
        Assert.All(alerts.Where(a => a["topic"]!.GetValue<string>() == "news"),
            a => Assert.StartsWith("news-signal:", a["fingerprint"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(status["level"]!.GetValue<string>(), new[] { "disrupted", "critical" });

        // Issue 11: the file is marked as a demo database; issue 8: a worker later started on it delivers nothing from the replay.
        Assert.True(MonitorBot.Worker.Demo.DemoDatabase.IsDemo(db));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL"));
        }
        var storage = Microsoft.Extensions.Options.Options.Create(new MonitorBot.Storage.StorageOptions { Path = db });
        var outbox = new MonitorBot.Storage.AlertRepository(new MonitorBot.Storage.SqliteConnectionFactory(storage));
        Assert.Empty(await outbox.GetDueAsync(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), 100, CancellationToken.None));

        // A second demo replaces its own earlier database.
        var again = await CliRunner.RunAsync(dir, null, "demo", "--db", db, "--json");
        Assert.True(again.ExitCode == 0, again.Error);
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
