using Dapper;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>News listing and search for the bot's /news commands.</summary>
public sealed class NewsReadRepository(SqliteConnectionFactory factory) : INewsReader
{
    /// <summary>Longest search text used (longer input is cut).</summary>
    public const int MaxQueryLength = 200;

    // Duplicates included: range scan of ix_news_effective_time, newest first, no sort.
    internal const string RecentSql = $"""
        SELECT {NewsRow.Columns}
        FROM news_items n
        WHERE n.effective_time >= @From AND n.effective_time <= @To AND n.relevance >= @MinRelevance
        ORDER BY n.effective_time DESC, n.id DESC
        LIMIT @Limit;
        """;

    // Non-duplicates in the window (ix_news_recent range scan), substring filter, then most relevant first.
    // LIKE is case-insensitive for ASCII; the user's \, % and _ are escaped so they match literally.
    internal const string SearchSql = $"""
        SELECT {NewsRow.Columns}
        FROM news_items n
        WHERE n.duplicate_of IS NULL AND n.effective_time >= @From AND n.effective_time <= @To AND n.relevance >= @MinRelevance
          AND (@Pattern IS NULL OR n.title LIKE @Pattern ESCAPE '\' OR n.summary LIKE @Pattern ESCAPE '\')
        ORDER BY n.relevance DESC, n.effective_time DESC, n.id DESC
        LIMIT @Limit;
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<IReadOnlyList<NewsItem>> GetRecentAsync(DateTimeOffset from, DateTimeOffset to, double minRelevance, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NewsRow>(new CommandDefinition(
            RecentSql,
            new { From = UnixMs.To(from), To = UnixMs.To(to), MinRelevance = Relevance(minRelevance), Limit = limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<NewsItem>> SearchAsync(string? query, DateTimeOffset from, DateTimeOffset to, double minRelevance, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NewsRow>(new CommandDefinition(
            SearchSql,
            new { Pattern = LikePattern(query), From = UnixMs.To(from), To = UnixMs.To(to), MinRelevance = Relevance(minRelevance), Limit = limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>"%text%" with \, % and _ escaped by '\'; null for no filter (null, empty or blank query).</summary>
    internal static string? LikePattern(string? query)
    {
        var q = query?.Trim();
        if (string.IsNullOrEmpty(q))
        {
            return null;
        }

        if (q.Length > MaxQueryLength)
        {
            q = AlertRepository.Truncate(q, MaxQueryLength);
        }

        var escaped = q.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return "%" + escaped + "%";
    }

    private static double Relevance(double minRelevance) => double.IsNaN(minRelevance) ? 0.0 : minRelevance;
}
