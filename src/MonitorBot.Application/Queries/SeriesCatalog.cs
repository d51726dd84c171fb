using Microsoft.Extensions.Options;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Queries;

public sealed record SeriesEntry(string Id, string Name, bool Stored);

/// <summary>
/// The series users can ask about: a built-in catalogue (oxides, the trade series, the configured proxies)
/// plus every stored series, so autocomplete answers even on an empty database.
/// </summary>
public sealed class SeriesCatalog(IPriceHistory history, IOptionsMonitor<FeedsOptions> feeds)
{
    public static readonly IReadOnlyList<SeriesEntry> BuiltIn =
    [
        new(SeriesIds.TerbiumOxide, StatusFormat.SeriesName(SeriesIds.TerbiumOxide), false),
        new(SeriesIds.DysprosiumOxide, StatusFormat.SeriesName(SeriesIds.DysprosiumOxide), false),
        new(SeriesIds.NdPrOxide, StatusFormat.SeriesName(SeriesIds.NdPrOxide), false),
        new(SeriesIds.ChinaImportsFromMyanmar, "China imports from Myanmar (t/month)", false),
    ];

    public async Task<IReadOnlyList<SeriesEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, SeriesEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in BuiltIn) all[e.Id] = e;
        foreach (var s in feeds.CurrentValue.Sources.Where(s => !string.IsNullOrWhiteSpace(s.Series)))
        {
            all.TryAdd(s.Series!, new SeriesEntry(s.Series!, $"{s.Series} ({s.Name ?? s.Id})", false));
        }
        foreach (var s in await history.ListSeriesAsync(cancellationToken))
        {
            all[s.SeriesId] = all.TryGetValue(s.SeriesId, out var known) ? known with { Stored = true } : new SeriesEntry(s.SeriesId, s.SeriesId, true);
        }
        return all.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Entries whose id or name contains the typed text (prefix matches first), at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<SeriesEntry>> MatchAsync(string? typed, int max, CancellationToken cancellationToken)
    {
        var all = await ListAsync(cancellationToken);
        var q = (typed ?? "").Trim();
        return all
            .Where(e => q.Length == 0 || e.Id.Contains(q, StringComparison.OrdinalIgnoreCase) || e.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Id.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(e => e.Stored ? 0 : 1)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Take(max)
            .ToList();
    }
}
