using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

public interface INewsReader
{
    /// <summary>Items with effective time in [from, to], newest first, at most <paramref name="limit"/> (duplicates of a wire story included, flagged by TitleKey).</summary>
    Task<IReadOnlyList<NewsItem>> GetRecentAsync(DateTimeOffset from, DateTimeOffset to, double minRelevance, int limit, CancellationToken cancellationToken);

    /// <summary>Search titles and summaries (case-insensitive substring) among recent relevant items, most relevant first.</summary>
    Task<IReadOnlyList<NewsItem>> SearchAsync(string? query, DateTimeOffset from, DateTimeOffset to, double minRelevance, int limit, CancellationToken cancellationToken);
}
