using Microsoft.Extensions.Options;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Queries;

/// <param name="Unit">The unit it is quoted in (built-in, the source writing it, or its stored prints); null when unknown.</param>
/// <param name="Currency">Likewise the currency.</param>
public sealed record SeriesEntry(string Id, string Name, bool Stored, string? Unit = null, string? Currency = null);

/// <summary>
/// The series users can ask about: a built-in catalogue (oxides, the trade series, the configured proxies)
/// plus every stored series, so autocomplete answers even on an empty database; `price add` checks a quote's unit and
/// currency against it. The first of built-in, configured source and stored prints that names a unit wins.
/// </summary>
public sealed class SeriesCatalog(IPriceHistory history, IOptionsMonitor<FeedsOptions> feeds)
{
    public static readonly IReadOnlyList<SeriesEntry> BuiltIn =
    [
        new(SeriesIds.TerbiumOxide, StatusFormat.SeriesName(SeriesIds.TerbiumOxide), false, "kg", "CNY"),
        new(SeriesIds.DysprosiumOxide, StatusFormat.SeriesName(SeriesIds.DysprosiumOxide), false, "kg", "CNY"),
        new(SeriesIds.NdPrOxide, StatusFormat.SeriesName(SeriesIds.NdPrOxide), false, "kg", "CNY"),
        new(SeriesIds.ChinaImportsFromMyanmar, "China imports from Myanmar (t/month)", false),
    ];

    public async Task<IReadOnlyList<SeriesEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, SeriesEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in BuiltIn) all[e.Id] = e;
        foreach (var s in feeds.CurrentValue.Sources.Where(s => !string.IsNullOrWhiteSpace(s.Series)))
        {
            all.TryAdd(s.Series!.ToLowerInvariant(), new SeriesEntry(s.Series!.ToLowerInvariant(), $"{s.Series} ({s.Name ?? s.Id})", false, s.Unit, s.Currency?.ToUpperInvariant()));
        }
        foreach (var s in await history.ListSeriesAsync(cancellationToken))
        {
            all[s.SeriesId] = all.TryGetValue(s.SeriesId, out var known)
                ? known with { Stored = true, Unit = known.Unit ?? s.Unit, Currency = known.Currency ?? s.Currency }
                : new SeriesEntry(s.SeriesId, s.SeriesId, true, s.Unit, s.Currency);
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
