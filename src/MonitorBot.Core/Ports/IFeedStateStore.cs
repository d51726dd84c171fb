using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

public interface IFeedStateStore
{
    Task<FeedState?> GetAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>Every known source, ordered by id. Sources removed from config keep their row (never deleted).</summary>
    Task<IReadOnlyList<FeedState>> ListAsync(CancellationToken cancellationToken);

    Task UpsertAsync(FeedState state, CancellationToken cancellationToken);
}
