using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Cli;

/// <summary>Issue 11, console parity: alerts, news, trade and price show print what the slash commands show, from the same queries.</summary>
public sealed class QueryVerbTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<TempDirectory> SeededAsync()
    {
        var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Quiet = true, TimeProvider = new FakeTimeProvider(Now) }).Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(Ct);
        var fetched = Now.AddDays(-10);
        var news = Core.News.NewsNormalizer.Normalize(
            new RawNewsItem("g1", "https://news.example.org/kia-bhamo", "KIA fighters advance on Bhamo as rare earth trucks halt", "Fighting near Bhamo.", Now.AddDays(-2), "Example Outlet"),
            "rss-test", Now.AddDays(-2), false);
        await host.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("seed",
            [
                new PriceObservation("remx", Now.AddDays(-2), 40.5, "share", "USD", "yahoo-remx", fetched),
                new PriceObservation("remx", Now.AddDays(-1), 42.0, "share", "USD", "yahoo-remx", fetched),
            ],
            [
                new TradeFlow(156, 104, "2846", "202405", "M", 6_140_000, null, "comtrade", fetched),
                new TradeFlow(156, 104, "2846", "202505", "M", 3_651_000, null, "comtrade", fetched),
            ],
            [news]), Ct);
        return dir;
    }

    [Fact]
    public async Task Trade_TextAndJson_NewestMonthsWithYearOnYear()
    {
        using var dir = await SeededAsync();

        var text = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "trade", "--months", "1");
        var json = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "trade", "--json");
        var bad = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "trade", "--months", "99");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("- 2025-05: 3,651 t, -40.5% y/y (a year earlier: 6,140 t)", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-05:", text.Out, StringComparison.Ordinal);
        var first = JsonNode.Parse(json.Out.Split('\n')[0])!;
        Assert.Equal("202505", first["period"]!.GetValue<string>());
        Assert.Equal(-40.5, first["yoYPct"]!.GetValue<double>(), 1);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--months must be between 1 and 36", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task News_QueryAndJson_RelevantItemsWithOutletAndLink()
    {
        using var dir = await SeededAsync();

        var all = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "news");
        var match = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "news", "bhamo", "--json");
        var none = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "news", "lithium");

        Assert.Contains("KIA fighters advance on Bhamo", all.Out, StringComparison.Ordinal);
        Assert.Contains("https://news.example.org/kia-bhamo", all.Out, StringComparison.Ordinal);
        Assert.Equal("Example Outlet", JsonNode.Parse(match.Out)!["outlet"]!.GetValue<string>());
        Assert.Contains("No relevant items in the last 30 days matching 'lithium'", none.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriceShow_KnownAndUnknownSeries_ViewOrOneLineError()
    {
        using var dir = await SeededAsync();

        var remx = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "show", "remx", "--days", "30");
        var json = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "show", "remx", "--json");
        var unknown = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "show", "tb-oxde");

        Assert.Equal(0, remx.ExitCode);
        Assert.Contains("remx: 42 USD/share", remx.Out, StringComparison.Ordinal);
        Assert.Contains("+3.7%", remx.Out, StringComparison.Ordinal);
        Assert.Equal(2, JsonNode.Parse(json.Out)!["points"]!.AsArray().Count);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("monitorbot price show: Unknown series 'tb-oxde'. Known: ", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_ListAckWhyMute_AsTheSlashCommands()
    {
        using var dir = await SeededAsync();
        var time = new FakeTimeProvider(Now);
        await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "6000", "--at", "2025-06-01");
        await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "9000", "--at", "2025-06-08");

        var list = await CliRunner.RunAsync(dir, time, "alerts", "list");
        var ack = await CliRunner.RunAsync(dir, time, "alerts", "ack", "1");
        var why = await CliRunner.RunAsync(dir, time, "alerts", "why", "1");
        var mute = await CliRunner.RunAsync(dir, time, "alerts", "mute", "price-oxide", "2h", "--reason", "known move");
        var json = await CliRunner.RunAsync(dir, time, "alerts", "list", "--status", "all", "--json");
        var missing = await CliRunner.RunAsync(dir, time, "alerts", "ack", "42");

        Assert.Contains("#1 [CRITICAL] tb-oxide up 50% vs previous print — firing", list.Out, StringComparison.Ordinal);
        Assert.Contains("; messages: 1 pending (0 attempt(s))", list.Out, StringComparison.Ordinal); // queued for the worker's outbox
        Assert.Equal(0, ack.ExitCode);
        Assert.Contains("acknowledged by cli:", ack.Out, StringComparison.Ordinal);
        Assert.Contains("acknowledged: acknowledged by cli:", why.Out, StringComparison.Ordinal);
        Assert.Contains("fired: Critical fired", why.Out, StringComparison.Ordinal);
        Assert.Contains("Muted rule 'price-oxide'", mute.Out, StringComparison.Ordinal);
        var alert = JsonNode.Parse(json.Out.Split('\n')[0])!;
        Assert.Equal("price-oxide:tb-oxide", alert["fingerprint"]!.GetValue<string>());
        Assert.StartsWith("cli:", alert["ackedBy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, alert["delivery"]!["pending"]!.GetValue<int>());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No alert #42", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ListsTheProxiesWithTheirChange()
    {
        using var dir = await SeededAsync();

        var status = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "status");

        Assert.Contains("Listed proxies:", status.Out, StringComparison.Ordinal);
        Assert.Contains("- remx: 42 USD/share, +3.7% vs previous (yahoo-remx", status.Out, StringComparison.Ordinal);
    }
}
