using MonitorBot.Core.Detection;

namespace MonitorBot.Core.Ports;

/// <summary>
/// What the alert engine has not evaluated yet: the writes logged after its cursor (see <see cref="IAlertWriteSession"/>).
/// </summary>
/// <param name="Cursor">The last write already evaluated.</param>
/// <param name="Head">The newest logged write (equal to <paramref name="Cursor"/> when nothing is pending).</param>
/// <param name="Series">Series whose stored history changed since the cursor (prices and the trade series), distinct.</param>
/// <param name="RelevantNews">Relevant, non-baseline news items inserted since the cursor.</param>
/// <param name="Writes">How many logged writes are pending.</param>
public sealed record EvaluationBacklog(long Cursor, long Head, IReadOnlyList<string> Series, int RelevantNews, int Writes)
{
    public static EvaluationBacklog Empty(long cursor) => new(cursor, cursor, [], 0, 0);

    public bool IsEmpty => Head <= Cursor;
}

/// <summary>
/// A serialised unit of alert writes. It holds the database's write lock from the moment it is opened until it
/// is committed or disposed (disposal without commit rolls everything back), so the alert state read inside it
/// cannot change under it, in this process or any other. The evaluation cursor is advanced in the same
/// transaction as the decisions and outbox rows it justifies: a write is evaluated exactly once, whoever wrote it.
/// </summary>
public interface IAlertWriteSession : IAsyncDisposable
{
    Task<AlertRecord?> GetAsync(string fingerprint, CancellationToken cancellationToken);

    Task<AlertRecord?> GetByIdAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every state that is pending or firing.</summary>
    Task<IReadOnlyList<AlertRecord>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Every state of one rule (rule-wide mutes).</summary>
    Task<IReadOnlyList<AlertRecord>> ListByRuleAsync(string rule, CancellationToken cancellationToken);

    /// <summary>
    /// Upserts <paramref name="next"/> (by fingerprint) when not null, appends the decision and inserts the outbox
    /// entries linked to the alert; visible to others only once the session commits.
    /// </summary>
    Task<AlertRecord?> ApplyAsync(AlertState? next, Decision decision, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken);

    /// <summary>The writes after the engine's cursor, aggregated (bounded by the number of distinct series).</summary>
    Task<EvaluationBacklog> ReadBacklogAsync(CancellationToken cancellationToken);

    /// <summary>Moves the engine's cursor to <paramref name="seq"/> (never backwards) and prunes old consumed log rows.</summary>
    Task AdvanceCursorAsync(long seq, DateTimeOffset at, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
