using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;

namespace MonitorBot.Application.Queries;

/// <summary>
/// China's monthly imports from Myanmar as the CLI and the bot show them: the newest stored months (anchored on the data,
/// not on today), each with its year-earlier month, computed by the same rule as the status.
/// </summary>
public sealed class TradeQuery(IPriceHistory history, TimeProvider time)
{
    public Task<IReadOnlyList<TradeLine>> GetAsync(int months, CancellationToken cancellationToken) => GetAsync(months, time.GetUtcNow(), cancellationToken);

    public async Task<IReadOnlyList<TradeLine>> GetAsync(int months, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        // Twelve more months than shown, so the oldest shown month has its year-earlier figure.
        var stored = await history.GetLatestTradeMonthsAsync(asOf, months + 12, cancellationToken);
        return SupplyStatusRules.BuildTrade(stored, asOf).Take(months).ToList();
    }
}
