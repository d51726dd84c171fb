using System.Text.Json.Nodes;
using MonitorBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MonitorBot.Application.Evaluation;
using MonitorBot.Worker.Alerts;
using MonitorBot.Demo;
using MonitorBot.Worker.Hosting;
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
        Assert.Equal("critical", collapse["severity"]!.GetValue<string>()); // the episode's peak
        // Issue 8: the alert follows the data: warning on 2024-10, critical when February's 311 t arrived, back to warning
        // with March's -61.7%, and still firing as a warning on May's -40.5% (hysteresis), its title on the latest month.
        var story = collapse["story"]!.AsArray().Select(s => (Code: s!["code"]!.GetValue<string>(), At: s["at"]!.GetValue<string>()[..7])).ToList();
        Assert.Equal([("fired", "2024-11"), ("escalated", "2025-03"), ("deescalated", "2025-04")], story);
        Assert.Equal("firing", collapse["statusAtEnd"]!.GetValue<string>());
        Assert.Equal("warning", collapse["severityAtEnd"]!.GetValue<string>());
        Assert.Contains("2025-05", collapse["title"]!.GetValue<string>(), StringComparison.Ordinal);
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
        // The final status names the year-to-date decline and the recent recovery.
        Assert.Equal("disrupted", status["level"]!.GetValue<string>());
        var drivers = status["drivers"]!.AsArray().Select(d => d!["text"]!.GetValue<string>()).ToList();
        Assert.Contains(drivers, d => d.Contains("Jan–May 2025", StringComparison.Ordinal) && d.Contains("-50.0%", StringComparison.Ordinal));
        Assert.Contains(drivers, d => d.Contains("recovering: 3 monthly rises since 311 t in 2025-02", StringComparison.Ordinal));

        // Issue 11: the file is marked as a demo database; issue 8: a worker later started on it delivers nothing from the replay.
        Assert.True(MonitorBot.Demo.DemoDatabase.IsDemo(db));
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

    [Fact]
    public async Task Demo_ExistingFileItDidNotCreate_RefusedAndUntouched()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var readme = dir.File("README.md");
        File.WriteAllText(readme, "# notes\n");
        var other = dir.File("other.db");
        var seed = await CliRunner.RunAsync(dir, null, "price", "add", "tb-oxide", "6550", "--at", "2025-03-24");
        Assert.Equal(0, seed.ExitCode);
        File.Copy(TestConfig.DatabasePath(dir), other);

        var onReadme = await CliRunner.RunAsync(dir, null, "demo", "--db", readme);
        var onOther = await CliRunner.RunAsync(dir, null, "demo", "--db", other);

        Assert.Equal(2, onReadme.ExitCode);
        Assert.Contains("refusing to overwrite", onReadme.Error, StringComparison.Ordinal);
        Assert.Equal("# notes\n", File.ReadAllText(readme));
        Assert.Equal(2, onOther.ExitCode);
        Assert.Contains("a database the demo did not create", onOther.Error, StringComparison.Ordinal);
        Assert.False(DemoDatabase.IsDemo(other));
    }

    [Fact]
    public async Task Demo_ItsOwnDatabase_ReplacedAndNeverDeliveredByAWorker()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Alerts"] = new JsonObject { ["DispatchInterval"] = "00:00:00.050" });
        var db = dir.File("demo.db");
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--db", db, "--json")).ExitCode);
        var again = await CliRunner.RunAsync(dir, null, "demo", "--db", db, "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.True(DemoDatabase.IsDemo(db));

        // A worker started on the demo database: the replayed notifications are given up, not delivered.
        var delivered = 0;
        var worker = MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = dir.Path,
            Worker = true,
            Quiet = true,
            Overrides = new Dictionary<string, string?> { ["Storage:Path"] = db, ["Feeds:Enabled"] = "false" },
            ConfigureServices = s =>
            {
                s.RemoveAll<IAlertDeliverer>();
                s.AddSingleton<IAlertDeliverer>(new CountingDeliverer(() => Interlocked.Increment(ref delivered)));
            },
        }).Build();
        await worker.StartAsync();
        try
        {
            await Task.Delay(1000); // twenty dispatch ticks
        }
        finally
        {
            await worker.StopAsync();
            worker.Dispose();
        }

        Assert.Equal(0, delivered);
        var abandoned = JsonNode.Parse((await CliRunner.RunAsync(dir, null, "alerts", "list", "--status", "all", "--json", "--db", db)).Out.Split('\n')[0])!;
        Assert.True(abandoned["delivery"]!["abandoned"]!.GetValue<int>() > 0);
    }

    private sealed class CountingDeliverer(Action onDeliver) : IAlertDeliverer
    {
        public bool CanDeliver(string destination) => true;

        public Task<string?> DeliverAsync(Core.Ports.OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken)
        {
            onDeliver();
            return Task.FromResult<string?>(null);
        }
    }
}
