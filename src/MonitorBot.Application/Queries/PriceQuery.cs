using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;

namespace MonitorBot.Application.Queries;

/// <summary>A series' recent history as the CLI and the bot show it.</summary>
/// <param name="Points">Prints oldest first (the last <c>days</c> of the series' own data, not of the clock).</param>
/// <param name="ChangePct">Latest versus the first print of the window; null when the first is not positive.</param>
public sealed record PriceView(string SeriesId, string Name, int Days, IReadOnlyList<PriceObservation> Points, double? ChangePct, double Min, double Max)
{
    public PriceObservation Latest => Points[^1];

    public PriceObservation First => Points[0];
}

/// <summary>The one read of a price series for <c>/price</c> and <c>monitorbot price show</c>.</summary>
public sealed class PriceQuery(IPriceHistory history, SeriesCatalog catalog, TimeProvider time)
{
    /// <summary>The view, or a one-line reason (unknown series, or no prints stored yet).</summary>
    public async Task<(PriceView? View, string? Problem)> GetAsync(string series, int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var id = series.Trim().ToLowerInvariant();
        var points = await history.GetSeriesTailAsync(id, time.GetUtcNow(), TimeSpan.FromDays(days), cancellationToken);
        if (points.Count == 0)
        {
            var known = await catalog.ListAsync(cancellationToken);
            return known.Any(k => k.Id == id)
                ? (null, $"No prints stored for '{id}' yet: check the feeds, or record one with 'price add'.")
                : (null, $"Unknown series '{(id.Length > 64 ? id[..64] : id)}'. Known: {string.Join(", ", known.Select(k => k.Id).Take(20))}.");
        }

        var first = points[0];
        var change = first.Value > 0 ? (points[^1].Value / first.Value - 1) * 100 : (double?)null;
        return (new PriceView(id, StatusFormat.SeriesName(id), days, points, change, points.Min(p => p.Value), points.Max(p => p.Value)), null);
    }
}

/// <summary>The one news search for <c>/news</c> and <c>monitorbot news</c>: relevant items of the last days, most relevant first.</summary>
public sealed class NewsQuery(INewsReader news, TimeProvider time)
{
    public Task<IReadOnlyList<NewsItem>> SearchAsync(string? query, int days, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var now = time.GetUtcNow();
        return news.SearchAsync(string.IsNullOrWhiteSpace(query) ? null : query.Trim(), now.AddDays(-days), now, NewsItem.RelevantThreshold, limit, cancellationToken);
    }
}
