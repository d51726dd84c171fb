using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Queries;

/// <summary>The query path shared by <c>monitorbot status</c>, <c>/status</c> and the demo: read model → status rules.</summary>
public sealed class StatusService(IStatusReader reader, TimeProvider time, IEnumerable<IFiringAlertSource> alertSources, IOptionsMonitor<FeedsOptions> feeds,
    FeedParserRegistry registry)
{
    public static readonly IReadOnlyList<string> StatusSeries = [SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide, SeriesIds.NdPrOxide];

    private readonly IReadOnlyList<IFiringAlertSource> _alertSources = alertSources.ToList();

    public Task<SupplyStatus> GetAsync(CancellationToken cancellationToken) => GetAsync(time.GetUtcNow(), cancellationToken);

    public async Task<SupplyStatus> GetAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // The listed proxies: the shipped ones and whatever series the configured Yahoo sources write.
        var proxies = SupplyStatusSettings.DefaultProxySeries
            .Concat(feeds.CurrentValue.Sources.Where(s => s.Kind == FeedKinds.Yahoo && !string.IsNullOrWhiteSpace(s.Series)).Select(s => s.Series!.Trim()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var snapshot = await reader.ReadAsync(new StatusQuery(asOf, [.. StatusSeries, .. proxies]), cancellationToken);
        var alerts = new List<AlertSummary>();
        foreach (var source in _alertSources)
        {
            alerts.AddRange(await source.GetFiringAsync(asOf, cancellationToken));
        }
        return SupplyStatusRules.Evaluate(snapshot, alerts, new SupplyStatusSettings { ProxySeries = proxies, NewsKinds = registry.NewsKindSet });
    }
}

/// <summary>Where the status rules learn which alerts are firing (the alert store, once detection runs).</summary>
public interface IFiringAlertSource
{
    Task<IReadOnlyList<AlertSummary>> GetFiringAsync(DateTimeOffset asOf, CancellationToken cancellationToken);
}
