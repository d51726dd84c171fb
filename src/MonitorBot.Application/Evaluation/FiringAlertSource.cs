using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Application.Queries;

namespace MonitorBot.Application.Evaluation;

/// <summary>The status rules' view of the alert store: what is firing now.</summary>
public sealed class FiringAlertSource(IAlertStore alerts) : IFiringAlertSource
{
    public async Task<IReadOnlyList<AlertSummary>> GetFiringAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var active = await alerts.ListActiveAsync(cancellationToken);
        return active.Select(a => a.State.ToSummary()).OfType<AlertSummary>().Where(s => s.Since <= asOf).ToList();
    }
}
