using Dapper;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>Persistent per-source state (the feeds table); rows are never deleted.</summary>
public sealed class FeedStateRepository(SqliteConnectionFactory factory) : IFeedStateStore
{
    internal const string SelectColumns = """
        source_id AS SourceId, kind AS Kind, status AS Status, status_reason AS StatusReason, etag AS ETag,
        last_modified AS LastModified, last_attempt AS LastAttempt, last_success AS LastSuccess, last_error AS LastError,
        consecutive_failures AS ConsecutiveFailures, next_run AS NextRun, baseline_done AS BaselineDone, items_total AS ItemsTotal
        """;

    private const string UpsertSql = """
        INSERT INTO feeds (source_id, kind, status, status_reason, etag, last_modified, last_attempt, last_success,
                           last_error, consecutive_failures, next_run, baseline_done, items_total)
        VALUES (@SourceId, @Kind, @Status, @StatusReason, @ETag, @LastModified, @LastAttempt, @LastSuccess,
                @LastError, @ConsecutiveFailures, @NextRun, @BaselineDone, @ItemsTotal)
        ON CONFLICT (source_id) DO UPDATE SET
            kind = excluded.kind, status = excluded.status, status_reason = excluded.status_reason, etag = excluded.etag,
            last_modified = excluded.last_modified, last_attempt = excluded.last_attempt, last_success = excluded.last_success,
            last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures, next_run = excluded.next_run,
            baseline_done = excluded.baseline_done, items_total = excluded.items_total;
        """;

    private readonly SqliteConnectionFactory _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    public async Task<FeedState?> GetAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM feeds WHERE source_id = @sourceId;", new { sourceId }, cancellationToken: cancellationToken));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<FeedState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FeedRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM feeds ORDER BY source_id;", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task UpsertAsync(FeedState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await _factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, FeedRow.From(state), cancellationToken: cancellationToken));
    }

    internal static string StatusText(FeedStatus status) => status switch
    {
        FeedStatus.New => "new",
        FeedStatus.Ok => "ok",
        FeedStatus.Degraded => "degraded",
        FeedStatus.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown feed status."),
    };

    internal static FeedStatus ParseStatus(string text) => text switch
    {
        "new" => FeedStatus.New,
        "ok" => FeedStatus.Ok,
        "degraded" => FeedStatus.Degraded,
        "disabled" => FeedStatus.Disabled,
        _ => throw new InvalidOperationException($"Unknown feed status '{text}' in the database."),
    };
}

/// <summary>A feeds row as Dapper reads and writes it (times in unix ms).</summary>
internal sealed class FeedRow
{
    public string SourceId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = "new";
    public string? StatusReason { get; set; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public long? LastAttempt { get; set; }
    public long? LastSuccess { get; set; }
    public string? LastError { get; set; }
    public long ConsecutiveFailures { get; set; }
    public long? NextRun { get; set; }
    public long BaselineDone { get; set; }
    public long ItemsTotal { get; set; }

    public static FeedRow From(FeedState s) => new()
    {
        SourceId = s.SourceId,
        Kind = s.Kind,
        Status = FeedStateRepository.StatusText(s.Status),
        StatusReason = s.StatusReason,
        ETag = s.ETag,
        LastModified = s.LastModified,
        LastAttempt = UnixMs.To(s.LastAttempt),
        LastSuccess = UnixMs.To(s.LastSuccess),
        LastError = s.LastError,
        ConsecutiveFailures = s.ConsecutiveFailures,
        NextRun = UnixMs.To(s.NextRun),
        BaselineDone = s.BaselineDone ? 1 : 0,
        ItemsTotal = s.ItemsTotal,
    };

    public FeedState ToModel() => new(
        SourceId,
        Kind,
        FeedStateRepository.ParseStatus(Status),
        StatusReason,
        ETag,
        LastModified,
        UnixMs.From(LastAttempt),
        UnixMs.From(LastSuccess),
        LastError,
        (int)ConsecutiveFailures,
        UnixMs.From(NextRun),
        BaselineDone != 0,
        ItemsTotal);
}
