using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// The ingest_log / evaluation_cursor pair (migration 0005): writers of prices, trade and news append what changed in their own transaction,
/// the alert engine reads what lies after its cursor and advances it in the transaction of its decisions.
/// </summary>
internal static class EvaluationLog
{
    public const string SeriesKind = "series";
    public const string NewsKind = "news";

    /// <summary>The alert engine's cursor name (one consumer today; the table allows more).</summary>
    public const string AlertsCursor = "alerts";

    /// <summary>Consumed log rows are kept this long for diagnostics, then pruned.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public const string InsertSql = """
        INSERT INTO ingest_log (at, source_id, kind, series_id, items) VALUES ($at, $source, $kind, $series, $items);
        """;

    private const string LagSql = """
        SELECT coalesce((SELECT seq FROM evaluation_cursor WHERE name = @Name), 0) AS Cursor,
               coalesce((SELECT max(seq) FROM ingest_log), 0) AS Head;
        """;

    private const string BacklogSql = """
        SELECT kind AS Kind, series_id AS SeriesId, sum(items) AS Items, count(*) AS Writes, max(seq) AS Head
        FROM ingest_log
        WHERE seq > @Cursor
        GROUP BY kind, series_id;
        """;

    private const string AdvanceSql = """
        INSERT INTO evaluation_cursor (name, seq, updated_at) VALUES (@Name, @Seq, @At)
        ON CONFLICT (name) DO UPDATE SET seq = max(seq, excluded.seq), updated_at = excluded.updated_at;
        DELETE FROM ingest_log WHERE seq <= @Seq AND at < @PruneBefore AND seq < (SELECT max(seq) FROM ingest_log); -- the newest row stays: rowids are never reused
        """;

    public static async Task<(long Cursor, long Head)> ReadLagAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<(long Cursor, long Head)>(new CommandDefinition(
            LagSql, new { Name = AlertsCursor }, transaction, cancellationToken: cancellationToken));
        // A pruned log (or a database restored without it) can leave the head behind the cursor: nothing pending.
        return (row.Cursor, Math.Max(row.Cursor, row.Head));
    }

    public static async Task<EvaluationBacklog> ReadBacklogAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var (cursor, head) = await ReadLagAsync(connection, transaction, cancellationToken);
        if (head <= cursor)
        {
            return EvaluationBacklog.Empty(cursor);
        }

        var rows = await connection.QueryAsync<(string Kind, string? SeriesId, long Items, long Writes, long Head)>(new CommandDefinition(
            BacklogSql, new { Cursor = cursor }, transaction, cancellationToken: cancellationToken));
        var series = new List<string>();
        long news = 0, writes = 0, max = cursor;
        foreach (var r in rows)
        {
            writes += r.Writes;
            max = Math.Max(max, r.Head);
            switch (r.Kind)
            {
                case SeriesKind when r.SeriesId is not null: series.Add(r.SeriesId); break;
                case NewsKind: news += r.Items; break;
            }
        }

        series.Sort(StringComparer.Ordinal);
        return new EvaluationBacklog(cursor, max, series, (int)Math.Min(news, int.MaxValue), (int)Math.Min(writes, int.MaxValue));
    }

    public static Task AdvanceAsync(SqliteConnection connection, SqliteTransaction transaction, long seq, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            AdvanceSql,
            new { Name = AlertsCursor, Seq = seq, At = UnixMs.To(at), PruneBefore = UnixMs.To(at - Retention) },
            transaction,
            cancellationToken: cancellationToken));
}
