using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorBot.Core.News;
using MonitorBot.Feeds;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Worker.Cli;

internal static class FeedTestVerb
{
    public sealed record ItemDto(string Title, string? Link, DateTimeOffset? Published, string? Guid, string? Summary, double Relevance, IReadOnlyList<string> Entities);
    public sealed record ObservationDto(string Series, DateTimeOffset Time, double Value, string Unit, string Currency);
    public sealed record TradeDto(string Period, int Reporter, int Partner, string Hs, string Flow, double? NetWeightKg, double? ValueUsd);
    public sealed record FeedTestResult(string Source, string? Kind, bool Ok, string? Error, IReadOnlyList<ItemDto> Items, IReadOnlyList<ObservationDto> Observations, IReadOnlyList<TradeDto> Trade)
    {
        /// <summary>Rows or items the parser refused (the rest were kept), and why (grouped, at most 10 reasons).</summary>
        public int Skipped { get; init; }

        public IReadOnlyList<string> SkipReasons { get; init; } = [];

        /// <summary>Items that had no usable date and were given the fetch time.</summary>
        public int Undated { get; init; }
    }

    public static Command Build(CliContext context)
    {
        var sources = new Argument<string[]>("source") { Description = "A configured feed id, a URL or a file path; several allowed.", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string?>("--kind") { Description = "Parse as this kind (any registered feed kind; a wrong one is refused with the list); detected when omitted." };
        var json = new Option<bool>("--json") { Description = "One JSON object per source per line." };
        var test = new Command("test", "Fetch and parse sources without storing anything; one failing source does not stop the others.") { sources, kind, json };
        test.SetAction(async (pr, ct) =>
        {
            var k = pr.GetValue(kind);
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, null, ct);
            var registry = host.Services.GetRequiredService<FeedParserRegistry>();
            if (k is not null && !registry.IsKnown(k))
            {
                await context.Error.WriteLineAsync($"monitorbot feed test: unknown --kind '{k}' (one of: {registry.KindList}).");
                return MonitorBotCli.ExitConfig;
            }
            var failures = 0;
            foreach (var source in pr.GetValue(sources)!)
            {
                var result = await TestAsync(host.Services, source, k, context.TimeProvider, ct);
                if (!result.Ok) failures++;
                await context.Out.WriteAsync(pr.GetValue(json) ? CliJson.Serialize(result) + Environment.NewLine : Render(result));
            }
            return failures == 0 ? MonitorBotCli.ExitOk : MonitorBotCli.ExitFailure;
        });
        return new Command("feed", "Work with one feed.") { test };
    }

    public static async Task<FeedTestResult> TestAsync(IServiceProvider services, string location, string? kind, TimeProvider time, CancellationToken cancellationToken)
    {
        var sources = services.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue.Sources;
        var configured = sources.FirstOrDefault(s => string.Equals(s.Id, location, StringComparison.OrdinalIgnoreCase));
        if (configured is null && LooksLikeId(location))
        {
            var ids = sources.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            return new FeedTestResult(location, kind, false,
                $"no source with id '{location}'" + (ids.Count == 0 ? " (no sources are configured)" : $" (configured: {string.Join(", ", ids)})"), [], [], []);
        }
        var probe = services.GetRequiredService<FeedProbe>();
        var probed = configured is not null
            ? await probe.ProbeAsync(configured, kind, cancellationToken)
            : await probe.ProbeLocationAsync(location, kind, cancellationToken);
        if (probed.Read is not { } read) return new FeedTestResult(MonitorBot.Feeds.Transport.UrlRedaction.RedactText(location), probed.Kind, false, probed.Error, [], [], []);
        var fetchedAt = time.GetUtcNow();
        var sourceId = configured?.Id ?? "feed-test";
        var items = read.Parsed.Items.Select(raw =>
        {
            var n = NewsNormalizer.Normalize(raw, sourceId, fetchedAt, isBaseline: false);
            return new ItemDto(n.Title, raw.Link, raw.Published, raw.Guid, n.Summary, Math.Round(n.Relevance, 3), n.Entities);
        }).ToList();
        var observations = read.Parsed.Prices.Select(p => new ObservationDto(p.SeriesId, p.Time, p.Value, p.Unit, p.Currency)).ToList();
        var trade = read.Parsed.Trade.Select(t => new TradeDto(t.Period, t.ReporterCode, t.PartnerCode, t.HsCode, t.FlowCode, t.NetWeightKg, t.ValueUsd)).ToList();
        return new FeedTestResult(MonitorBot.Feeds.Transport.UrlRedaction.RedactText(location), read.Kind, true, null, items, observations, trade)
        {
            Skipped = read.Parsed.SkippedRows,
            SkipReasons = read.Parsed.SkipReasons,
            Undated = read.Parsed.UndatedItems,
        };
    }

    /// <summary>
    /// A bare word such as "smm-tb" (no scheme, no path separator, no file by that name) can only mean a configured id,
    /// so a missing one says so instead of "file not found".
    /// </summary>
    private static bool LooksLikeId(string location) =>
        !location.Contains('/', StringComparison.Ordinal) && !location.Contains('\\', StringComparison.Ordinal)
        && !location.Contains(':', StringComparison.Ordinal) && !Path.HasExtension(location) && !File.Exists(location);

    private static string Render(FeedTestResult r)
    {
        var sb = new StringBuilder();
        if (!r.Ok)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"✗ {r.Source}: {r.Error}");
            return sb.ToString();
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"✓ {r.Source} ({r.Kind}): {r.Items.Count} items, {r.Observations.Count} observations, {r.Trade.Count} trade lines, {r.Skipped} skipped");
        if (r.Skipped > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"    skipped {r.Skipped} row(s):");
            foreach (var reason in r.SkipReasons) sb.AppendLine(CultureInfo.InvariantCulture, $"      - {reason}");
        }
        if (r.Undated > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"    {r.Undated} item(s) had no usable date; the fetch time was used");
        foreach (var item in r.Items.Take(10))
            sb.AppendLine(CultureInfo.InvariantCulture, $"    [{item.Relevance:0.00}] {MonitorBotCli.Iso(item.Published)}  {item.Title}{(item.Entities.Count > 0 ? "  {" + string.Join(", ", item.Entities) + "}" : "")}");
        if (r.Items.Count > 10) sb.AppendLine(CultureInfo.InvariantCulture, $"    … {r.Items.Count - 10} more");
        foreach (var o in r.Observations.TakeLast(5))
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {o.Series} {MonitorBotCli.Iso(o.Time)} {o.Value.ToString("#,0.####", CultureInfo.InvariantCulture)} {(o.Currency.Length > 0 ? o.Currency + "/" : "")}{o.Unit}");
        if (r.Observations.Count > 5) sb.AppendLine(CultureInfo.InvariantCulture, $"    ({r.Observations.Count - 5} earlier observations not shown)");
        foreach (var t in r.Trade.Take(5))
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {t.Period} {t.Reporter}←{t.Partner} HS {t.Hs} {t.Flow}: {(t.NetWeightKg is { } kg ? (kg / 1000).ToString("#,0.#", CultureInfo.InvariantCulture) + " t" : "n/a")}, {(t.ValueUsd is { } usd ? "US$" + usd.ToString("#,0", CultureInfo.InvariantCulture) : "n/a")}");
        return sb.ToString();
    }
}
