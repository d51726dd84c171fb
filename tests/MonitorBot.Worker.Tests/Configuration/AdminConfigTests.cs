using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Detection;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Tests.Shared;
using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Configuration;

public sealed class AdminConfigTests
{
    private static async Task<IHost> StartAsync(TempDirectory dir, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Quiet = true, Overrides = overrides }).Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(CancellationToken.None);
        return host;
    }

    private static void Write(TempDirectory dir) => TestConfig.Write(dir, new JsonArray(
        TestConfig.Source("kng", "rss", "https://kachinnews.com/feed/?apikey=SECRET123&lang=en", "00:30:00"),
        TestConfig.Source("gdelt", "gdelt", "https://api.gdeltproject.org/api/v2/doc/doc", "01:00:00", s => s["Query"] = "Kachin")));

    [Fact]
    public async Task Set_ValidThreshold_InForceAtOnceAuditedAndShownAsAdmin()
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir);
        var service = host.Services.GetRequiredService<AdminConfigService>();
        var detection = host.Services.GetRequiredService<IOptionsMonitor<DetectionOptions>>();
        Assert.Equal(80, detection.CurrentValue.Trade.YoYDeclineCriticalPct);

        var result = await service.SetAsync("Detection:Trade:YoYDeclineCriticalPct", "70", "alice (1)", ConfigOrigins.Discord, CancellationToken.None);

        Assert.True(result.Ok, string.Join("; ", result.Problems));
        Assert.Equal(70, detection.CurrentValue.Trade.YoYDeclineCriticalPct);
        var change = Assert.Single(result.Changes);
        Assert.Null(change.OldValue);
        Assert.Equal("70", change.NewValue);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(ConfigInspector.AdminOrigin, ConfigInspector.OriginOf(configuration, "Detection:Trade:YoYDeclineCriticalPct"));
        var history = await service.HistoryAsync("Detection:Trade", 10, CancellationToken.None);
        Assert.Equal("alice (1)", Assert.Single(history).Who);

        // And the CLI sees the same provenance.
        var show = await CliRunner.RunAsync(dir, null, "config", "show", "Detection", "--json");
        var line = show.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Single(n => n["key"]!.GetValue<string>() == "Detection:Trade:YoYDeclineCriticalPct");
        Assert.Equal("70", line["value"]!.GetValue<string>());
        Assert.Equal("admin", line["origin"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Detection:Trade:YoYDeclineCriticalPct", "-5", "YoYDeclineCriticalPct")]
    [InlineData("Detection:Trade:YoYDeclineCriticalPct", "lots", "Failed to convert")]
    [InlineData("Feeds:Sources:kng:Interval", "00:00:01", "Interval must be between 00:00:10")]
    [InlineData("Discord:Token", "abc", "cannot be changed at run time")]
    [InlineData("Storage:Path", "/tmp/x.db", "cannot be changed at run time")]
    [InlineData("Feeds:AllowPrivateAddresses", "true", "cannot be changed at run time")]
    [InlineData("Alerts:AdminChannelId", "not-a-snowflake", "AdminChannelId")]
    public async Task Set_BadKeyOrValue_RefusedWithReasonAndNothingChanges(string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir);
        var service = host.Services.GetRequiredService<AdminConfigService>();

        var result = await service.SetAsync(key, value, "bob", ConfigOrigins.Discord, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<AdminConfigRepository>().GetOverridesAsync(CancellationToken.None));
        Assert.Empty(await service.HistoryAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Set_KeySetByEnvironmentOrCommandLine_Refused()
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir, new Dictionary<string, string?> { ["Detection:News:BurstMinCount"] = "9" });

        var result = await host.Services.GetRequiredService<AdminConfigService>().SetAsync("Detection:News:BurstMinCount", "3", "bob", ConfigOrigins.Discord, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Contains("wins over admin changes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Set_SourceScheduleById_ReschedulesThatSourceAndClearsItsCron()
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir);
        var service = host.Services.GetRequiredService<AdminConfigService>();

        var cron = await service.SetAsync("Feeds.Sources.gdelt.Cron", "0 0 6 * * ?", "carol", ConfigOrigins.Discord, CancellationToken.None);
        var feeds = host.Services.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue;

        Assert.True(cron.Ok, string.Join("; ", cron.Problems));
        var gdelt = feeds.Sources.Single(s => s.Id == "gdelt");
        Assert.Equal("0 0 6 * * ?", gdelt.Cron);
        Assert.Null(gdelt.Interval);
        Assert.Contains(cron.Changes, c => c.Key == "Feeds:Sources:1:Cron");

        var reset = await service.SetAsync("Feeds:Sources:gdelt:Cron", "reset", "carol", ConfigOrigins.Discord, CancellationToken.None);
        Assert.True(reset.Ok, string.Join("; ", reset.Problems));
        gdelt = host.Services.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue.Sources.Single(s => s.Id == "gdelt");
        Assert.Equal(TimeSpan.FromHours(1), gdelt.Interval);
    }

    [Fact]
    public async Task ExportThenImport_SameEffectiveConfiguration()
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir);
        var service = host.Services.GetRequiredService<AdminConfigService>();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.True((await service.SetAsync("Detection:News:BurstMinCount", "7", "a", ConfigOrigins.Discord, CancellationToken.None)).Ok);
        Assert.True((await service.SetAsync("Alerts:AlertChannelMinSeverity", "Critical", "a", ConfigOrigins.Discord, CancellationToken.None)).Ok);
        var exported = service.ExportJson();
        var before = ConfigInspector.Effective(configuration);
        Assert.DoesNotContain("Token", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET123", exported, StringComparison.Ordinal);
        Assert.Contains("apikey=••••&lang=en", exported, StringComparison.Ordinal);

        // Someone changes things afterwards...
        Assert.True((await service.SetAsync("Detection:News:BurstMinCount", "12", "b", ConfigOrigins.Discord, CancellationToken.None)).Ok);
        Assert.True((await service.SetAsync("Detection:Trade:TrailingMonths", "9", "b", ConfigOrigins.Discord, CancellationToken.None)).Ok);
        // ... and the export is imported back.
        var imported = await service.ImportAsync(exported, "c", CancellationToken.None);

        Assert.True(imported.Ok, string.Join("; ", imported.Problems));
        Assert.Equal(before.Select(e => (e.Key, e.Value)), ConfigInspector.Effective(configuration).Select(e => (e.Key, e.Value)));
        Assert.Equal(7, host.Services.GetRequiredService<IOptionsMonitor<DetectionOptions>>().CurrentValue.News.BurstMinCount);
        Assert.Contains(await service.HistoryAsync(null, 50, CancellationToken.None), e => e.Origin == ConfigOrigins.Import);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must hold a JSON object")]
    [InlineData("""{"Storage":{"Path":"/elsewhere.db"}}""", "only the sections")]
    [InlineData("""{"Feeds":{"UserAgent":"x"}}""", "cannot be changed at run time")]
    [InlineData("""{"Feeds":{"AdminSources":{"x":{"Kind":"gdelt","Url":"http://169.254.169.254/latest/meta-data/","Query":"a","Interval":"00:10:00"}}}}""", "link-local")]
    [InlineData("""{"Feeds":{"AdminSources":{"x":{"Kind":"rss","Url":"/etc/passwd","Interval":"00:10:00"}}}}""", "Url refused")]
    [InlineData("""{"Feeds":{"AdminSources":{"x":{"Kind":"rss","Url":"https://example.org/feed","Interval":"00:10:00","Headers":{"Authorization":"x"}}}}}""", "cannot be set on a source added by an admin")]
    [InlineData("""{"Feeds":{"AdminSources":{"x":{"Kind":"manual","Url":"https://example.org/feed","Interval":"00:10:00"}}}}""", "Kind must be one of")]
    public async Task Import_BadFile_RefusedAndNothingChanges(string json, string expected)
    {
        using var dir = new TempDirectory();
        Write(dir);
        using var host = await StartAsync(dir);
        var service = host.Services.GetRequiredService<AdminConfigService>();

        var result = await service.ImportAsync(json, "d", CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<AdminConfigRepository>().GetOverridesAsync(CancellationToken.None));
    }
}

public sealed class ConfigCliTests
{
    [Fact]
    public async Task ConfigSetThenShowAndHistory_Cli_ChangesAuditsAndShowsOrigin()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, new JsonArray(TestConfig.Source("kng", "rss", "https://kachinnews.com/feed/", "00:30:00")));

        var set = await CliRunner.RunAsync(dir, null, "config", "set", "Feeds:Sources:kng:Interval", "00:10:00");
        var again = await CliRunner.RunAsync(dir, null, "config", "set", "Feeds:Sources:kng:Interval", "00:20:00");
        var unset = await CliRunner.RunAsync(dir, null, "config", "set", "Detection:Trade:YoYDeclineWarningPct", "40");
        var bad = await CliRunner.RunAsync(dir, null, "config", "set", "Feeds:Sources:kng:Interval", "soon");
        var show = await CliRunner.RunAsync(dir, null, "config", "show", "Feeds");
        var history = await CliRunner.RunAsync(dir, null, "config", "history");

        Assert.Equal(0, set.ExitCode);
        // The old value is the one in effect, with the layer it came from.
        Assert.Contains("Feeds:Sources:0:Interval: 00:30:00 (file monitorbot.json) -> 00:10:00", set.Out, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:0:Interval: 00:10:00 (admin) -> 00:20:00", again.Out, StringComparison.Ordinal);
        Assert.Contains("Detection:Trade:YoYDeclineWarningPct: (default) -> 40", unset.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("refused", bad.Error, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:0:Interval", show.Out, StringComparison.Ordinal);
        Assert.Contains("00:20:00    [admin]", show.Out, StringComparison.Ordinal);
        Assert.Contains("[file monitorbot.json]", show.Out, StringComparison.Ordinal);
        Assert.Contains("cli", history.Out, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:0:Interval: 00:30:00 (file monitorbot.json) -> 00:10:00", history.Out, StringComparison.Ordinal);
        Assert.Contains("Feeds:Sources:0:Interval: 00:10:00 (admin) -> 00:20:00", history.Out, StringComparison.Ordinal);
    }
}
