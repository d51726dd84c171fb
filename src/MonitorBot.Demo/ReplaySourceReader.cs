using System.Collections.Concurrent;
using MonitorBot.Core.Model;
using MonitorBot.Feeds;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Demo;

/// <summary>
/// Replays a bundled history through the real adapters: each file is fetched and parsed once by the real
/// <see cref="FeedReader"/>, then every poll returns what had been published between the previous poll and
/// the simulated now (prices by their time, news by publication, trade when customs would have published it).
/// </summary>
public sealed class ReplaySourceReader(FeedReader reader, TimeProvider clock) : ISourceReader
{
    /// <summary>China's customs figures for a month appear around the 20th of the following month.</summary>
    public static DateTimeOffset TradeAvailableAt(TradeFlow flow) => flow.PeriodStart.AddMonths(1).AddDays(19);

    private readonly ConcurrentDictionary<string, FeedReadResult> _parsed = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _cursor = new(StringComparer.OrdinalIgnoreCase);

    public async Task<FeedReadResult> ReadAsync(FeedSourceOptions source, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        if (!_parsed.TryGetValue(source.Id, out var full))
        {
            full = await reader.ReadAsync(source, null, null, asOf: DemoRunner.ReplayEnd, cancellationToken); // the whole history is in the past
            _parsed[source.Id] = full;
        }
        var now = clock.GetUtcNow();
        var since = _cursor.TryGetValue(source.Id, out var c) ? c : DateTimeOffset.MinValue;
        _cursor[source.Id] = now;

        bool InWindow(DateTimeOffset t) => t > since && t <= now;
        var parsed = new FeedParseResult(
            full.Parsed.Items.Where(i => InWindow(i.Published ?? DateTimeOffset.MinValue)).ToList(),
            full.Parsed.Prices.Where(p => InWindow(p.Time)).Select(p => p with { FetchedAt = now }).ToList(),
            full.Parsed.Trade.Where(t => InWindow(TradeAvailableAt(t))).Select(t => t with { FetchedAt = now }).ToList());
        return full with { Parsed = parsed, NotModified = false, ETag = null, LastModified = null };
    }
}
