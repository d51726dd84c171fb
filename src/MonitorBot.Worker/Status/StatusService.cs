using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;

namespace MonitorBot.Worker.Status;

/// <summary>The query path shared by <c>monitorbot status</c>, <c>/status</c> and the demo: read model → status rules.</summary>
public sealed class StatusService(IStatusReader reader, TimeProvider time, IEnumerable<IFiringAlertSource> alertSources)
{
    public static readonly IReadOnlyList<string> StatusSeries = [SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide, SeriesIds.NdPrOxide];

    private readonly IReadOnlyList<IFiringAlertSource> _alertSources = alertSources.ToList();

    public Task<SupplyStatus> GetAsync(CancellationToken cancellationToken) => GetAsync(time.GetUtcNow(), cancellationToken);

    public async Task<SupplyStatus> GetAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var snapshot = await reader.ReadAsync(new StatusQuery(asOf, StatusSeries), cancellationToken);
        var alerts = new List<AlertSummary>();
        foreach (var source in _alertSources)
        {
            alerts.AddRange(await source.GetFiringAsync(asOf, cancellationToken));
        }
        return SupplyStatusRules.Evaluate(snapshot, alerts, new SupplyStatusSettings());
    }
}

/// <summary>Where the status rules learn which alerts are firing (the alert store, once detection runs).</summary>
public interface IFiringAlertSource
{
    Task<IReadOnlyList<AlertSummary>> GetFiringAsync(DateTimeOffset asOf, CancellationToken cancellationToken);
}
